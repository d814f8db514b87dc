// See form_fields.hpp.
#include "web/form_fields.hpp"

#include "http/errors.hpp"
#include "http/form.hpp"
#include "text/utf8.hpp"

namespace polls::web {

std::optional<std::string> form_field(const httplib::Request& req, std::string_view name) {
  if (req.is_multipart_form_data()) {
    const std::string key(name);
    if (!req.form.has_field(key)) return std::nullopt;
    return req.form.get_field(key);
  }
  const auto form = http::parse_form(req.body);
  if (!form) throw http::BadRequest("malformed form body");
  const auto value = form->first(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

http::Form read_form(const httplib::Request& req) {
  if (req.is_multipart_form_data()) {
    http::Form form;
    for (const auto& [name, field] : req.form.fields) {
      // Our own parser refuses invalid UTF-8; the multipart one does not check.
      if (!text::is_valid_utf8(name) || !text::is_valid_utf8(field.content))
        throw http::BadRequest("form field is not UTF-8");
      form.add(name, field.content);
    }
    return form;
  }
  auto form = http::parse_form(req.body);
  if (!form) throw http::BadRequest("malformed form body");
  return std::move(*form);
}

}  // namespace polls::web
