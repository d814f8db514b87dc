// The landing view, as the original project's landing_page app: the date and time, now.
#include "landing/views.hpp"

#include "timezone/format.hpp"

namespace polls::landing {

std::shared_ptr<const std::string> LandingPage::page_for(std::chrono::sys_seconds second) {
  {
    const std::lock_guard lock(mutex_);
    if (page_ && rendered_for_ == second) return page_;
  }
  const db::Timestamp now{second};
  render::Data data;
  data.set("title", "What time is it?");
  data.set("iso", tz::iso8601(now, deps_.time_zone));
  data.set("readable", tz::readable(now, deps_.time_zone));
  data.set("time_zone", deps_.time_zone.name());
  auto page = std::make_shared<const std::string>(deps_.pages.render("landing/index.html", data));
  const std::lock_guard lock(mutex_);
  if (second >= rendered_for_) {
    rendered_for_ = second;
    page_ = page;
  }
  return page;
}

void LandingPage::home(const httplib::Request&, httplib::Response& res) {
  const auto page = page_for(std::chrono::floor<std::chrono::seconds>(deps_.now()));
  // The time changes every second: never serve it from a cache.
  res.set_header("Cache-Control", "no-store");
  res.set_content(*page, std::string(web::kHtml));
}

}  // namespace polls::landing
