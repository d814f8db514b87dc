// Tests for text/csv: RFC 4180 quoting and line ends, and cells made inert for spreadsheets.
#include "text/csv.hpp"

#include <doctest/doctest.h>

using polls::text::csv_defused;
using polls::text::csv_field;
using polls::text::CsvWriter;

TEST_CASE("a field is quoted only when it holds a comma, a quote, CR or LF, quotes doubled") {
  CHECK(csv_field("plain text") == "plain text");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("q\"x") == "\"q\"\"x\"");
  CHECK(csv_field("\"") == "\"\"\"\"");
  CHECK(csv_field("line\nbreak") == "\"line\nbreak\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_field("crlf\r\n") == "\"crlf\r\n\"");
  CHECK(csv_field("semi;colon and 'single'") == "semi;colon and 'single'");
  CHECK(csv_field("") == "");
}

TEST_CASE("UTF-8 passes through byte for byte") {
  CHECK(csv_field("héllo") == "héllo");
  CHECK(csv_field("日本語, ja") == "\"日本語, ja\"");
  CsvWriter csv;
  csv.text("😀").end_row();
  CHECK(csv.str() == "😀\r\n");  // no BOM either
}

TEST_CASE("each formula prefix gets an apostrophe, and nothing else does") {
  for (const std::string prefix : {"=", "+", "-", "@", "\t", "\r"}) {
    INFO("prefix ", static_cast<int>(prefix[0]));
    CHECK(csv_defused(prefix + "cmd|' /C calc'!A0") == "'" + prefix + "cmd|' /C calc'!A0");
    CHECK(csv_defused(prefix) == "'" + prefix);
  }
  CHECK(csv_defused("a=1") == "a=1");  // only the first character counts
  CHECK(csv_defused(" =1") == " =1");
  CHECK(csv_defused("'quoted") == "'quoted");
  CHECK(csv_defused("42") == "42");
  CHECK(csv_defused("") == "");
}

TEST_CASE("a defused cell is quoted afterwards when it needs to be") {
  CsvWriter csv;
  csv.text("=1+2,3").text("\rx").end_row();
  CHECK(csv.str() == "\"'=1+2,3\",\"'\rx\"\r\n");
}

TEST_CASE("records end with CRLF, empty cells stay empty, numbers of ours are not prefixed") {
  CsvWriter csv;
  csv.plain("choice id").plain("choice").plain("votes").end_row();
  csv.number(-3).text("").number(0).end_row();
  csv.text("").end_row();
  csv.number(7).text("line\nbreak").plain("-plain").end_row();
  CHECK(csv.str() ==
        "choice id,choice,votes\r\n"
        "-3,,0\r\n"
        "\r\n"
        "7,\"line\nbreak\",-plain\r\n");
}
