// The landing page: the current date and time in the configured time zone.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "landing/deps.hpp"

namespace polls::landing {

class LandingPage {
 public:
  explicit LandingPage(Deps deps) : deps_(std::move(deps)) {}

  // GET /: the page is the same for every client within one second (it holds no per-user
  // data), so it is rendered once per second and served from that copy.
  void home(const httplib::Request& req, httplib::Response& res);

 private:
  std::shared_ptr<const std::string> page_for(std::chrono::sys_seconds second);

  const Deps deps_;
  std::mutex mutex_;
  std::chrono::sys_seconds rendered_for_{};
  std::shared_ptr<const std::string> page_;
};

}  // namespace polls::landing
