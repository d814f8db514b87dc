// The admin home: the models the user may manage, and the user's recent actions.
#include "admin/admin_log.hpp"
#include "admin/page.hpp"
#include "admin/views.hpp"
#include "timezone/format.hpp"

namespace polls::admin {

void home(web::Context& ctx, Request req, Response res) {
  const auto staff = require_staff(ctx, req, res);
  if (!staff) return;
  render::Data data = page_data(ctx, req, res, &*staff, "Site administration", {});
  const Permissions& can = staff->permissions;
  if (can.any()) {
    render::Data questions;
    if (can.view) questions.set("list_url", "/admin/polls/question/");
    if (can.add) questions.set("add_url", "/admin/polls/question/add/");
    data.set("questions", questions);
  }
  render::List actions;
  for (const LogEntry& entry : AdminLog(ctx.database).recent_for_user(staff->user.id)) {
    render::Data item;
    item.set("object_repr", entry.object_repr);
    item.set("when", tz::readable(entry.action_time, ctx.time_zone));
    item.set("when_iso", tz::iso8601(entry.action_time, ctx.time_zone));
    item.set("action", std::string(entry.action == Action::Addition   ? "Added"
                                   : entry.action == Action::Deletion ? "Deleted"
                                                                      : "Changed"));
    // object_id is text that Django too writes: link only to what is a question's id.
    const bool numeric = !entry.object_id.empty() && entry.object_id.size() < 19 &&
                         entry.object_id.find_first_not_of("0123456789") == std::string::npos;
    if (entry.action != Action::Deletion && entry.object_is_question && numeric) {
      item.set("href", "/admin/polls/question/" + entry.object_id + "/change/");
    }
    actions.push_back(item);
  }
  data.set("has_actions", !actions.empty());
  data.set("actions", actions);
  render_admin(ctx, res, "index.html", data);
}

}  // namespace polls::admin
