// /static/...: CSS and images from the assets, with Content-Type, ETag, Cache-Control and
// conditional GET (If-None-Match -> 304).
#pragma once

#include <httplib.h>

#include <map>
#include <mutex>
#include <string>

#include "assets/source.hpp"
#include "http/router.hpp"

namespace polls::web {

class StaticFiles {
 public:
  // Embedded files are indexed once, here; each one's ETag is computed when it is first served.
  explicit StaticFiles(const assets::AssetSource& source);
  void serve(const httplib::Request& req, httplib::Response& res, std::string_view file) const;

 private:
  struct Entry {
    std::string data;
    std::string content_type;
    // The ETag, computed once when first asked for: hashing every file at start (and OpenSSL's
    // first SHA-256 fetch) was over a third of the instructions from exec to the first page.
    const std::string& etag() const;

   private:
    mutable std::once_flag etag_once_;
    mutable std::string etag_;
  };

  const assets::AssetSource& source_;
  std::map<std::string, Entry, std::less<>> embedded_;
};

std::string_view content_type_for(std::string_view path);

void register_static_routes(http::Router& router, const StaticFiles& files);

}  // namespace polls::web
