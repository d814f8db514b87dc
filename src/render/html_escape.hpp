// HTML escaping for template values: the same output as kainjow's html_escape (& < > " ' as
// &amp; &lt; &gt; &quot; &apos;), written for the common case of text with nothing to escape,
// which kainjow's builds again character by character.
#pragma once

#include <string>

namespace polls::render {

std::string html_escape(const std::string& text);

}  // namespace polls::render
