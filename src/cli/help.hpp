// --help and --version texts.
#pragma once

#include <string>
#include <string_view>

namespace polls::cli {

std::string version_text();
std::string general_help();
std::string command_help(std::string_view command);

}  // namespace polls::cli
