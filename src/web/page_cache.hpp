// Pages rendered once per data version and served from memory until it changes, or until the
// moment the page itself says it turns (the next question's publication, a poll's closing).
//
// Whether a page may be served is decided by three numbers, never by a guess at freshness:
// - the database's data version, taken *before* the page's reads (db::Database::data_version):
//   a page is served only to a request that is told the same version, so no commit can have
//   landed since its reads;
// - the span of "now" its reads hold for: from the moment it was rendered up to the first time a
//   row it depends on changes meaning with the clock; outside it the page is rendered again;
// - the bytes the cache may hold: when a page would take it past them, every page is dropped
//   (they are rebuilt on demand; an attacker's endless Host headers cannot grow it).
//
// A page that depends on the visitor (their receipt, their login) is never stored. The CSRF
// token, the one per-visitor part of a form page, is stored as a gap and filled per request.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/timestamp.hpp"

namespace polls::web {

class PageCache {
 public:
  // The span of "now" a page holds for: [from, until).
  struct Span {
    db::Timestamp from;
    db::Timestamp until = db::Timestamp::max();
  };
  // A stored page: its HTML, and where the CSRF token goes when it has a form (npos: no form).
  struct Page {
    std::shared_ptr<const std::string> html;
    std::size_t token_at = std::string::npos;
  };
  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t pages = 0;
    std::size_t bytes = 0;
  };

  // max_bytes: what the pages may take together; 0 turns the cache off.
  explicit PageCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ != 0; }

  // The page stored under key for this data version, if `now` is in its span; counts a hit or a
  // miss.
  std::optional<Page> find(std::string_view key, std::uint64_t version, db::Timestamp now);

  // Stores html (the response body it was) under key for this version and span. The CSRF token
  // of its form, when it has one, is cut out and filled per request.
  void store(std::string key, std::uint64_t version, Span span, std::string_view html);

  // The page as this request's body: the form's gap filled with `token`.
  static void serve(const Page& page, std::string_view token, httplib::Response& res);

  Stats stats() const;

 private:
  struct Entry {
    std::uint64_t version;
    Span span;
    Page page;
  };
  // Transparent hashing: find() looks a string_view up without building a string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };

  std::size_t max_bytes_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> entries_;
  std::size_t bytes_ = 0;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

// Where a form's CSRF token starts in a page: just after the one `name="csrfmiddlewaretoken"
// value="` (text from the database is escaped, so it can never write that); npos when the page
// has no such field.
std::size_t csrf_token_position(std::string_view html);

}  // namespace polls::web
