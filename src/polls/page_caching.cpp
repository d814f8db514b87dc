// See page_caching.hpp.
#include "polls/page_caching.hpp"

namespace polls::polls_app {

CachedPage::CachedPage(const Deps& deps, std::string key)
    : deps_(deps), key_(std::move(key)), now_(deps.now()) {
  // Before the page's reads: see db::Database::data_version.
  if (deps_.page_cache.enabled()) version_ = deps_.database.data_version();
}

bool CachedPage::serve(const httplib::Request& req, httplib::Response& res) {
  if (!version_) return false;
  const auto page = deps_.page_cache.find(key_, *version_, now_);
  if (!page) return false;
  // The same headers as the page rendered: a form's token sets the cookie, Vary and
  // Cache-Control (web::Pages::csrf_token).
  const std::string token =
      page->token_at == std::string::npos ? std::string() : deps_.pages.csrf_token(req, res);
  web::PageCache::serve(*page, token, res);
  return true;
}

Deps CachedPage::at_now() const {
  Deps stopped = deps_;
  stopped.now = [now = now_] { return now; };
  return stopped;
}

void CachedPage::keep(const httplib::Response& res, Timestamp until) {
  if (!version_ || res.status != 200) return;
  if (deps_.now() >= until) return;
  deps_.page_cache.store(std::move(key_), *version_, {now_, until}, res.body);
}

Timestamp question_turns_at(const QuestionRules& rules, Timestamp now) {
  if (rules.closes_at && now < *rules.closes_at) return *rules.closes_at;
  return Timestamp::max();
}

}  // namespace polls::polls_app
