// /static/...: CSS and images from the assets, with Content-Type, ETag, Cache-Control and
// conditional GET (If-None-Match -> 304).
#pragma once

#include <httplib.h>

#include <map>
#include <string>

#include "assets/source.hpp"
#include "http/router.hpp"

namespace polls::web {

class StaticFiles {
 public:
  // Embedded files are indexed (and their ETags computed) once, here.
  explicit StaticFiles(const assets::AssetSource& source);
  void serve(const httplib::Request& req, httplib::Response& res, std::string_view file) const;

 private:
  struct Entry {
    std::string data;
    std::string etag;
    std::string content_type;
  };
  static Entry make_entry(std::string_view path, std::string data);

  const assets::AssetSource& source_;
  std::map<std::string, Entry, std::less<>> embedded_;
};

std::string_view content_type_for(std::string_view path);

void register_static_routes(http::Router& router, const StaticFiles& files);

}  // namespace polls::web
