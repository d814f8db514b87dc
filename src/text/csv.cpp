// CSV writing: see csv.hpp.
#include "text/csv.hpp"

namespace polls::text {

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_defused(std::string_view value) {
  if (value.empty()) return {};
  switch (value.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return "'" + std::string(value);
    default:
      return std::string(value);
  }
}

CsvWriter& CsvWriter::text(std::string_view value) { return plain(csv_defused(value)); }

CsvWriter& CsvWriter::plain(std::string_view value) {
  separate();
  out_ += csv_field(value);
  return *this;
}

CsvWriter& CsvWriter::number(std::int64_t value) {
  separate();
  out_ += std::to_string(value);
  return *this;
}

CsvWriter& CsvWriter::end_row() {
  out_ += "\r\n";
  in_row_ = false;
  return *this;
}

void CsvWriter::separate() {
  if (in_row_) out_ += ',';
  in_row_ = true;
}

}  // namespace polls::text
