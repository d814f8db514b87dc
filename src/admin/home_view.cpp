// The admin home: the models the user may manage, and the user's recent actions.
#include "admin/admin_log_repository.hpp"
#include "admin/page.hpp"
#include "admin/urls.hpp"
#include "admin/views.hpp"
#include "text/integer.hpp"
#include "timezone/format.hpp"

namespace polls::admin {

namespace {

std::string_view action_label(Action action) {
  switch (action) {
    case Action::Addition:
      return "Added";
    case Action::Deletion:
      return "Deleted";
    case Action::Change:
      break;
  }
  return "Changed";
}

render::Data action_item(const Deps& deps, const LogEntry& entry) {
  render::Data item;
  item.set("object_repr", entry.object_repr);
  item.set("when", tz::readable(entry.action_time, deps.time_zone));
  item.set("when_iso", tz::iso8601(entry.action_time, deps.time_zone));
  item.set("action", std::string(action_label(entry.action)));
  // object_id is text that Django too writes: link only to what is a question's id.
  const auto id = text::parse_digits<std::int64_t>(entry.object_id);
  if (entry.action != Action::Deletion && entry.object_is_question && id) {
    item.set("href", http::reverse(urls::kQuestionChange, {*id}));
  }
  return item;
}

}  // namespace

void home(Deps& deps, const Staff& staff, Request req, Response res, Params) {
  render::Data data = page_data(deps, req, res, &staff, "Site administration", {});
  const Permissions& can = staff.permissions;
  if (can.any()) {
    render::Data questions;
    if (can.view) questions.set("list_url", std::string(urls::kQuestionList));
    if (can.add) questions.set("add_url", std::string(urls::kQuestionAdd));
    data.set("questions", questions);
  }
  render::List actions;
  for (const LogEntry& entry : AdminLogRepository(deps.database).recent_for_user(staff.user.id)) {
    actions.push_back(action_item(deps, entry));
  }
  data.set("has_actions", !actions.empty());
  data.set("actions", actions);
  render_admin(deps, res, "index.html", data);
}

}  // namespace polls::admin
