// The landing view, as the original project's landing_page app: the date and time, now.
#include "landing/views.hpp"

#include "timezone/format.hpp"
#include "web/pages.hpp"

namespace polls::landing {

void home(web::Context& ctx, const httplib::Request&, httplib::Response& res) {
  const db::Timestamp now = ctx.now();
  render::Data data;
  data.set("title", "What time is it?");
  data.set("iso", tz::iso8601(now, ctx.time_zone));
  data.set("readable", tz::readable(now, ctx.time_zone));
  data.set("time_zone", ctx.time_zone.name());
  // The time changes every second: never serve it from a cache.
  res.set_header("Cache-Control", "no-store");
  web::render_page(ctx, res, "landing/index.html", data);
}

}  // namespace polls::landing
