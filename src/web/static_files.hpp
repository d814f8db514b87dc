// /static/...: CSS and images from the assets, with Content-Type, ETag, Cache-Control and
// conditional GET (If-None-Match -> 304).
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "assets/source.hpp"
#include "http/router.hpp"

namespace polls::web {

std::string_view content_type_for(std::string_view path);

class StaticFiles {
 public:
  // Embedded files are indexed once, here; each one's ETag is computed when it is first served.
  explicit StaticFiles(const assets::AssetSource& source);
  void serve(const httplib::Request& req, httplib::Response& res, std::string_view file) const;

 private:
  // A file's bytes and type, and its ETag, computed once when first asked for: hashing every
  // file at start (with OpenSSL's first SHA-256 fetch) was over a third of the instructions
  // from exec to the first page.
  class Entry {
   public:
    Entry(std::string data, std::string_view path)
        : data_(std::move(data)), content_type_(content_type_for(path)) {}
    const std::string& data() const { return data_; }
    const std::string& content_type() const { return content_type_; }
    const std::string& etag() const;

   private:
    const std::string data_;
    const std::string content_type_;
    mutable std::once_flag etag_once_;
    mutable std::string etag_;
  };

  const assets::AssetSource& source_;
  std::map<std::string, Entry, std::less<>> embedded_;
};

void register_static_routes(http::Router& router, const StaticFiles& files);

}  // namespace polls::web
