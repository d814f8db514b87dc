// How the polls pages use the page cache (web/page_cache.hpp): the data version taken before any
// read, a kept page served with this visitor's CSRF token, and a fresh page kept for the span of
// time its clock-dependent parts hold.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "polls/deps.hpp"
#include "polls/models.hpp"

namespace polls::polls_app {

// One page's use of the cache: made before the page reads anything.
class CachedPage {
 public:
  // Takes the data version now (one cheap statement) unless the cache is off.
  CachedPage(const Deps& deps, std::string key);

  // Serves the kept page when there is one for this version and `now`; true when it did.
  bool serve(const httplib::Request& req, httplib::Response& res);

  // Keeps the page just rendered into res (a 200) for this version, as it holds from now() (the
  // only clock the render may read: at_now()) until `until`, the first moment the clock changes
  // what it shows. Not kept when the clock passed `until` during the render.
  void keep(const httplib::Response& res, Timestamp until = Timestamp::max());

  // The clock the page is rendered at.
  Timestamp now() const { return now_; }
  // The views' dependencies with the clock stopped at now(): every part of the page (published
  // yet? closed yet?) is decided at the one moment its span starts from.
  Deps at_now() const;

 private:
  const Deps& deps_;
  std::string key_;
  Timestamp now_;
  std::optional<std::uint64_t> version_;
};

// When a question's pages next change with the clock: its closing, if that is still ahead.
Timestamp question_turns_at(const QuestionRules& rules, Timestamp now);

}  // namespace polls::polls_app
