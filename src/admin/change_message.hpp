// Django's admin change messages: what a save changed, as the JSON Django stores in
// django_admin_log and as readable English for polls' own log. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace polls::admin {

// One part of a change message, as Django's construct_change_message builds them.
struct ChangePart {
  enum Kind { Added, Changed, Deleted } kind = Changed;
  std::string related_name;         // "choice" for an inline object; empty for the object itself
  std::string related_object;       // the inline object's text ("Not much")
  std::vector<std::string> fields;  // verbose names of changed fields ("Question text")
};

// Django's JSON change message: [{"added": {}}], [{"changed": {"fields": ["Question text"]}}],
// [{"added": {"name": "choice", "object": "Not much"}}], ...; "[]" when nothing changed.
std::string change_message_json(const std::vector<ChangePart>& parts);

// A readable English rendering of the same ("Changed Question text. Added choice “Not much”.").
std::string change_message_text(const std::vector<ChangePart>& parts);

// Django's object_repr: str(obj) cut to 200 characters.
std::string object_repr(std::string_view text);

}  // namespace polls::admin
