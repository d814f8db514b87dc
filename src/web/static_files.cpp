// See static_files.hpp.
#include "web/static_files.hpp"

#include <optional>

#include "http/conditional_get.hpp"
#include "http/errors.hpp"

namespace polls::web {

namespace {
constexpr std::string_view kPrefix = "static/";
}  // namespace

std::string_view content_type_for(std::string_view path) {
  const auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".gif")) return "image/gif";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".webp")) return "image/webp";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

const std::string& StaticFiles::Entry::etag() const {
  std::call_once(etag_once_, [this] { etag_ = http::etag_of(data_); });
  return etag_;
}

StaticFiles::StaticFiles(const assets::AssetSource& source) : source_(source) {
  if (source_.from_disk()) return;
  for (const std::string& path : source_.list(kPrefix)) {
    if (auto data = source_.read(path)) {
      embedded_.try_emplace(path.substr(kPrefix.size()), std::move(*data), path);
    }
  }
}

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res,
                        std::string_view file) const {
  std::optional<Entry> fresh;
  const Entry* entry = nullptr;
  if (source_.from_disk()) {
    auto data = source_.read(std::string(kPrefix) + std::string(file));
    if (!data) throw http::NotFound();
    entry = &fresh.emplace(std::move(*data), file);
  } else {
    const auto it = embedded_.find(file);
    if (it == embedded_.end()) throw http::NotFound();
    entry = &it->second;
  }
  res.set_header("ETag", entry->etag());
  // Embedded files change only with the binary; revalidate hourly. Files on disk are being edited.
  res.set_header("Cache-Control", source_.from_disk() ? "no-cache" : "public, max-age=3600");
  if (http::not_modified(req, entry->etag())) {
    res.status = 304;
    return;
  }
  res.set_content(entry->data(), entry->content_type());
}

void register_static_routes(http::Router& router, const StaticFiles& files) {
  router.add("GET", "/static/<path:file>",
             [&files](const httplib::Request& req, httplib::Response& res, const http::Params& p) {
               files.serve(req, res, p.path);
             });
}

}  // namespace polls::web
