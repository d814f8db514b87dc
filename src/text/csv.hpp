// CSV as RFC 4180 writes it (comma-separated, CRLF after every record, a field quoted when it
// holds a comma, a quote, CR or LF, its quotes doubled), with cells of outside text made inert
// for spreadsheets. Pure; the bytes go out as given (UTF-8 stays UTF-8, no BOM is added).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace polls::text {

// One field as RFC 4180 writes it: as is, or in quotes with its quotes doubled.
std::string csv_field(std::string_view value);

// Text typed by people, made safe to open in a spreadsheet: a value that begins with = + - @,
// TAB or CR would be read as a formula (OWASP's "CSV injection"), so it gets a leading
// apostrophe, which spreadsheets take as "this is text". Other values are left alone.
std::string csv_defused(std::string_view value);

// Builds a CSV document record by record.
class CsvWriter {
 public:
  // A cell of outside text: defused, then written as a field.
  CsvWriter& text(std::string_view value);
  // A cell this program wrote (a header, a label of its own): written as a field, never prefixed.
  CsvWriter& plain(std::string_view value);
  // A number of ours: "-3" stays a number, it is not outside text.
  CsvWriter& number(std::int64_t value);
  // Ends the record with CRLF.
  CsvWriter& end_row();

  const std::string& str() const { return out_; }

 private:
  void separate();

  std::string out_;
  bool in_row_ = false;
};

}  // namespace polls::text
