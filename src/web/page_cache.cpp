// The page cache: see page_cache.hpp.
#include "web/page_cache.hpp"

#include <mutex>

#include "web/pages.hpp"

namespace polls::web {

namespace {
constexpr std::string_view kTokenField = R"(name="csrfmiddlewaretoken" value=")";
}  // namespace

std::size_t csrf_token_position(std::string_view html) {
  const std::size_t at = html.find(kTokenField);
  return at == std::string_view::npos ? at : at + kTokenField.size();
}

std::optional<PageCache::Page> PageCache::find(std::string_view key, std::uint64_t version,
                                               db::Timestamp now) {
  if (!enabled()) return std::nullopt;
  {
    const std::shared_lock lock(mutex_);
    const auto it = entries_.find(key);
    if (it != entries_.end() && it->second.version == version && it->second.span.from <= now &&
        now < it->second.span.until) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.page;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void PageCache::store(std::string key, std::uint64_t version, Span span, std::string_view html) {
  if (!enabled() || !(span.from < span.until)) return;
  Page page;
  const std::size_t at = csrf_token_position(html);
  if (at == std::string_view::npos) {
    page.html = std::make_shared<const std::string>(html);
  } else {
    // The token runs to the field's closing quote (it is letters and digits).
    const std::size_t end = html.find('"', at);
    if (end == std::string_view::npos) return;
    std::string gap;
    gap.reserve(html.size() - (end - at));
    gap.append(html.substr(0, at)).append(html.substr(end));
    page.html = std::make_shared<const std::string>(std::move(gap));
    page.token_at = at;
  }
  const std::size_t size = key.size() + page.html->size();
  if (size > max_bytes_) return;
  const std::unique_lock lock(mutex_);
  const auto it = entries_.find(key);
  if (it != entries_.end()) {
    // A page rendered from an older version (a slow render finishing late) does not replace a
    // newer one.
    if (it->second.version > version) return;
    bytes_ -= it->first.size() + it->second.page.html->size();
    entries_.erase(it);
  }
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += size;
  entries_.emplace(std::move(key), Entry{version, span, std::move(page)});
}

void PageCache::serve(const Page& page, std::string_view token, httplib::Response& res) {
  const std::string& html = *page.html;
  res.status = 200;
  if (page.token_at == std::string::npos) {
    res.set_content(html, std::string(kHtml));
    return;
  }
  std::string body;
  body.reserve(html.size() + token.size());
  body.append(html, 0, page.token_at).append(token).append(html, page.token_at);
  res.set_content(std::move(body), std::string(kHtml));
}

PageCache::Stats PageCache::stats() const {
  const std::shared_lock lock(mutex_);
  return {hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed),
          entries_.size(), bytes_};
}

}  // namespace polls::web
