// See request_form.hpp.
#include "http/request_form.hpp"

#include "http/errors.hpp"
#include "text/utf8.hpp"

namespace polls::http {

Form request_form(const httplib::Request& req) {
  if (req.is_multipart_form_data()) {
    Form form;
    for (const auto& [name, field] : req.form.fields) {
      // Our own parser refuses invalid UTF-8; the multipart one does not check.
      if (!text::is_valid_utf8(name) || !text::is_valid_utf8(field.content))
        throw BadRequest("form field is not UTF-8");
      form.add(name, field.content);
    }
    return form;
  }
  auto form = parse_form(req.body);
  if (!form) throw BadRequest("malformed form body");
  return std::move(*form);
}

}  // namespace polls::http
