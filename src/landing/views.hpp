// The landing page: the current date and time in the configured time zone.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "web/context.hpp"

namespace polls::landing {

class LandingPage {
 public:
  explicit LandingPage(web::Context& ctx) : ctx_(ctx) {}

  // GET /: the page is the same for every client within one second (it holds no per-user
  // data), so it is rendered once per second and served from that copy.
  void home(const httplib::Request& req, httplib::Response& res);

 private:
  std::shared_ptr<const std::string> page_for(std::chrono::sys_seconds second);

  web::Context& ctx_;
  std::mutex mutex_;
  std::chrono::sys_seconds rendered_for_{};
  std::shared_ptr<const std::string> page_;
};

}  // namespace polls::landing
