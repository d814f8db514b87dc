// What every admin page shares: the header with the user's links and the logout button, the
// breadcrumbs, the one-time message, a CSRF token, and headers that keep it out of caches.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "admin/deps.hpp"
#include "admin/staff.hpp"
#include "render/templates.hpp"

namespace polls::admin {

struct Crumb {
  std::string label;
  std::string href;  // empty for the current page
};

// The template data of an admin page; staff is null on the login and logged-out pages.
render::Data page_data(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                       const Staff* staff, const std::string& title,
                       const std::vector<Crumb>& crumbs);

// Renders templates/admin/<name> (status 200 unless given).
void render_admin(const Deps& deps, httplib::Response& res, std::string_view name,
                  const render::Data& data, int status = 200);

// A 302 to location with the admin's no-cache headers (after a POST, as Django does).
void redirect(httplib::Response& res, const std::string& location);

}  // namespace polls::admin
