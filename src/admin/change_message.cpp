// Django's change-message format: see change_message.hpp.
#include "admin/change_message.hpp"

#include "ops/log.hpp"
#include "text/utf8.hpp"

namespace polls::admin {

namespace {

void append_string(std::string& out, std::string_view text) {
  out += '"';
  ops::append_json_escaped(out, text);
  out += '"';
}

std::string_view kind_key(ChangePart::Kind kind) {
  switch (kind) {
    case ChangePart::Added:
      return "added";
    case ChangePart::Deleted:
      return "deleted";
    case ChangePart::Changed:
      break;
  }
  return "changed";
}

std::string join_fields(const std::vector<std::string>& fields) {
  // Django's get_text_list(fields, "and"): "a", "a and b", "a, b and c".
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += i + 1 == fields.size() ? " and " : ", ";
    out += fields[i];
  }
  return out;
}

}  // namespace

std::string object_repr(std::string_view text) {
  // 200 characters, as the varchar(200) column counts them.
  return std::string(text::utf8_first_code_points(text, 200));
}

std::string change_message_json(const std::vector<ChangePart>& parts) {
  std::string out = "[";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const ChangePart& part = parts[i];
    if (i > 0) out += ", ";
    out += "{";
    append_string(out, kind_key(part.kind));
    out += ": {";
    bool first = true;
    const auto comma = [&] {
      if (!first) out += ", ";
      first = false;
    };
    if (!part.related_name.empty()) {
      comma();
      out += "\"name\": ";
      append_string(out, part.related_name);
      comma();
      out += "\"object\": ";
      append_string(out, part.related_object);
    }
    if (part.kind == ChangePart::Changed) {
      comma();
      out += "\"fields\": [";
      for (std::size_t f = 0; f < part.fields.size(); ++f) {
        if (f > 0) out += ", ";
        append_string(out, part.fields[f]);
      }
      out += "]";
    }
    out += "}}";
  }
  out += "]";
  return out;
}

std::string change_message_text(const std::vector<ChangePart>& parts) {
  if (parts.empty()) return "No fields changed.";
  std::string out;
  for (const ChangePart& part : parts) {
    if (!out.empty()) out += " ";
    if (part.related_name.empty()) {
      out +=
          part.kind == ChangePart::Added ? "Added." : "Changed " + join_fields(part.fields) + ".";
      continue;
    }
    const std::string object = part.related_name + " “" + part.related_object + "”";
    switch (part.kind) {
      case ChangePart::Added:
        out += "Added " + object + ".";
        break;
      case ChangePart::Deleted:
        out += "Deleted " + object + ".";
        break;
      case ChangePart::Changed:
        out += "Changed " + join_fields(part.fields) + " for " + object + ".";
        break;
    }
  }
  return out;
}

}  // namespace polls::admin
