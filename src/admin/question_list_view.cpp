// The question change list: search, date filter, sortable columns, pages of 100, a count.
#include "admin/page.hpp"
#include "admin/question_form.hpp"
#include "admin/questions_repository.hpp"
#include "admin/urls.hpp"
#include "admin/views.hpp"
#include "http/errors.hpp"
#include "http/form.hpp"
#include "text/civil_date.hpp"
#include "text/integer.hpp"
#include "text/messages.hpp"
#include "text/trim.hpp"
#include "text/utf8.hpp"
#include "timezone/format.hpp"

namespace polls::admin {

namespace {

struct DateChoice {
  std::string_view value;  // the pub_date parameter
  std::string_view label;
};

// Django's DateFieldListFilter, in its order.
constexpr DateChoice kDateChoices[] = {{"", "Any date"},
                                       {"today", "Today"},
                                       {"past_7_days", "Past 7 days"},
                                       {"this_month", "This month"},
                                       {"this_year", "This year"}};

struct ListParams {
  std::string q;
  std::string date;  // one of kDateChoices' values
  int o = 0;         // -3..3, 0 for the default order
  int page = 1;
};

ListParams read_params(Request req) {
  ListParams params;
  // Django strips the search term. It may hold anything but must be text (and PostgreSQL
  // refuses NUL bytes).
  params.q = std::string(text::trim(req.get_param_value("q"), text::kSpaceAndTab));
  if (!text::is_valid_utf8(params.q) || params.q.find('\0') != std::string::npos) {
    throw http::BadRequest("q is not text");
  }
  const std::string date = req.get_param_value("pub_date");
  for (const DateChoice& choice : kDateChoices) {
    if (choice.value == date) params.date = date;
  }
  const auto o = text::parse_integer<int>(req.get_param_value("o"));
  if (o && *o >= -3 && *o <= 3) params.o = *o;
  if (req.has_param("p")) {
    const auto page = text::parse_integer<int>(req.get_param_value("p"));
    if (!page || *page < 1) throw http::NotFound();
    params.page = *page;
  }
  return params;
}

std::string list_href(const ListParams& params) {
  std::string query;
  const auto add = [&query](std::string_view name, std::string_view value) {
    query += query.empty() ? "?" : "&";
    query += std::string(name) + "=" + http::percent_encode(value);
  };
  if (!params.q.empty()) add("q", params.q);
  if (!params.date.empty()) add("pub_date", params.date);
  if (params.o != 0) add("o", std::to_string(params.o));
  if (params.page != 1) add("p", std::to_string(params.page));
  return std::string(urls::kQuestionList) + query;
}

Order order_of(int o) {
  switch (o) {
    case 1:
      return Order::TextAsc;
    case -1:
      return Order::TextDesc;
    case 2:
    case 3:
      return Order::DateAsc;
    case -2:
    case -3:
      return Order::DateDesc;
    default:
      return Order::Default;
  }
}

std::chrono::year_month_day local_today(db::Timestamp now, const tz::TimeZone& zone) {
  const std::string text = local_date_text(now, zone);
  const auto midnight = parse_local_datetime(text, "00:00", zone);
  const auto offset =
      zone.offset_at(std::chrono::floor<std::chrono::seconds>(*midnight)).utc_offset;
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*midnight + offset)};
}

db::Timestamp local_midnight(std::chrono::year_month_day day, const tz::TimeZone& zone) {
  const std::chrono::year_month_day normal{std::chrono::sys_days{day}};
  return *parse_local_datetime(text::format_date(normal), "00:00", zone);
}

// The pub_date bounds of a date filter, in the site's time zone (Django's).
void apply_date_filter(std::string_view date, db::Timestamp now, const tz::TimeZone& zone,
                       ListQuery& query) {
  if (date.empty()) return;
  using namespace std::chrono;
  const year_month_day today = local_today(now, zone);
  const year_month_day tomorrow{sys_days{today} + days{1}};
  if (date == "today") {
    query.from = local_midnight(today, zone);
  } else if (date == "past_7_days") {
    query.from = local_midnight(year_month_day{sys_days{today} - days{7}}, zone);
  } else if (date == "this_month") {
    query.from = local_midnight(today.year() / today.month() / 1, zone);
    query.until = local_midnight((today.year() / today.month() / 1) + months{1}, zone);
    return;
  } else if (date == "this_year") {
    query.from = local_midnight(today.year() / January / 1, zone);
    query.until = local_midnight((today.year() + years{1}) / January / 1, zone);
    return;
  }
  query.until = local_midnight(tomorrow, zone);
}

render::Data column(const ListParams& params, int number, std::string_view label) {
  render::Data data;
  data.set("label", std::string(label));
  ListParams sorted = params;
  sorted.page = 1;
  const bool ascending = params.o == number;
  const bool descending = params.o == -number;
  sorted.o = ascending ? -number : number;  // a click on the sorted column reverses it
  data.set("href", list_href(sorted));
  if (ascending) data.set("aria_sort", "ascending");
  if (descending) data.set("aria_sort", "descending");
  return data;
}

render::List question_rows(const Deps& deps, const Staff& staff, const QuestionList& found,
                           db::Timestamp now) {
  render::List rows;
  for (const ListedQuestion& listed : found.questions) {
    const polls_app::Question& q = listed.question;
    render::Data row;
    row.set("id", std::to_string(q.id));
    row.set("question_text", q.question_text);
    // Django links rows to the change form; without the change permission there is none to open.
    if (staff.permissions.change) row.set("href", http::reverse(urls::kQuestionChange, {q.id}));
    row.set("pub_date", tz::readable(q.pub_date, deps.time_zone));
    row.set("pub_date_iso", tz::iso8601(q.pub_date, deps.time_zone));
    row.set("recent", q.was_published_recently(now));
    // Status: "Open", or when it closes or closed.
    if (listed.closes_at) {
      row.set("status", *listed.closes_at <= now ? "Closed on" : "Closes on");
      row.set("closes_on", tz::readable(*listed.closes_at, deps.time_zone));
      row.set("closes_iso", tz::iso8601(*listed.closes_at, deps.time_zone));
    } else {
      row.set("status", "Open");
    }
    rows.push_back(row);
  }
  return rows;
}

render::List date_filters(const ListParams& params) {
  render::List filters;
  for (const DateChoice& choice : kDateChoices) {
    render::Data item;
    ListParams filtered = params;
    filtered.date = std::string(choice.value);
    filtered.page = 1;
    item.set("label", std::string(choice.label));
    item.set("href", list_href(filtered));
    item.set("selected", choice.value == params.date);
    filters.push_back(item);
  }
  return filters;
}

// "3 results (10 total)" for a narrowed list, with a link that clears the search and filter;
// "10 questions" otherwise.
void set_count(render::Data& data, const ListParams& params, const QuestionList& found) {
  const bool narrowed = !params.q.empty() || !params.date.empty();
  data.set("count", narrowed ? text::counted(found.matched, "result", "results") + " (" +
                                   std::to_string(found.total) + " total)"
                             : text::counted(found.total, "question", "questions"));
  if (narrowed) {
    ListParams cleared = params;
    cleared.q.clear();
    cleared.date.clear();
    cleared.page = 1;
    data.set("clear_href", list_href(cleared));
  }
}

render::Data pager(const ListParams& params, std::int64_t pages) {
  render::Data pager;
  pager.set("page", std::to_string(params.page));
  pager.set("pages", std::to_string(pages));
  if (params.page > 1) {
    ListParams previous = params;
    previous.page = params.page - 1;
    pager.set("previous_href", list_href(previous));
  }
  if (params.page < pages) {
    ListParams next = params;
    next.page = params.page + 1;
    pager.set("next_href", list_href(next));
  }
  return pager;
}

}  // namespace

void question_list(Deps& deps, const Staff& staff, Request req, Response res, Params) {
  const ListParams params = read_params(req);
  ListQuery query;
  query.search = params.q;
  query.order = order_of(params.o);
  query.page = params.page;
  const db::Timestamp now = deps.now();
  apply_date_filter(params.date, now, deps.time_zone, query);
  const QuestionList found = QuestionsRepository(deps.database).list(query);
  const std::int64_t pages =
      std::max<std::int64_t>(1, (found.matched + kQuestionsPerPage - 1) / kQuestionsPerPage);
  if (params.page > pages) throw http::NotFound();

  render::Data data = page_data(deps, req, res, &staff, "Select question to change",
                                {{"Home", std::string(urls::kHome)}, {"Questions", ""}});
  data.set("q", params.q);
  if (staff.permissions.add) data.set("add_url", std::string(urls::kQuestionAdd));
  const render::List rows = question_rows(deps, staff, found, now);
  data.set("rows", rows);
  data.set("has_rows", !rows.empty());
  render::List columns;
  columns.push_back(column(params, 1, "Question text"));
  columns.push_back(column(params, 2, "Date published"));
  columns.push_back(column(params, 3, "Published recently?"));
  data.set("columns", columns);
  data.set("filters", date_filters(params));
  set_count(data, params, found);
  if (pages > 1) data.set("pager", pager(params, pages));
  render_admin(deps, res, "question_list.html", data);
}

}  // namespace polls::admin
