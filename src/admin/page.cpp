// The shared frame of admin pages: see page.hpp.
#include "admin/page.hpp"

namespace polls::admin {

namespace {

void never_cache(httplib::Response& res) {
  // Django's never_cache: admin pages hold private data and change with every save. It replaces
  // the "private, no-cache" that a CSRF token sets.
  res.headers.erase("Cache-Control");
  res.set_header("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private");
}

}  // namespace

render::Data page_data(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                       const Staff* staff, const std::string& title,
                       const std::vector<Crumb>& crumbs) {
  render::Data data;
  data.set("title", title);
  data.set("csrf_token", deps.pages.csrf_token(req, res));
  if (staff != nullptr) {
    render::Data user;
    user.set("username", staff->user.username);
    data.set("user", user);
    if (staff->message) data.set("message", *staff->message);
  }
  if (!crumbs.empty()) {
    render::List list;
    for (const Crumb& crumb : crumbs) {
      render::Data item;
      item.set("label", crumb.label);
      if (crumb.href.empty()) {
        item.set("current", true);
      } else {
        item.set("href", crumb.href);
      }
      list.push_back(item);
    }
    data.set("breadcrumbs", list);
    data.set("has_breadcrumbs", true);
  }
  never_cache(res);
  return data;
}

void render_admin(const Deps& deps, httplib::Response& res, std::string_view name,
                  const render::Data& data, int status) {
  deps.pages.render(res, "admin/" + std::string(name), data, status);
}

void redirect(httplib::Response& res, const std::string& location) {
  res.set_redirect(location, 302);
  never_cache(res);
}

}  // namespace polls::admin
