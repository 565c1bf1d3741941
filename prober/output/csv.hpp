// The CSV writer of the output layer (RFC 4180): cells separated by commas, records ended
// by "\n", a cell quoted (inner quotes doubled) when it holds a comma, quote, CR or LF.
// Numbers and booleans are spelled as in the JSON outputs, so a CSV and a JSONL export of
// one store agree cell for cell. A text cell that a spreadsheet would run as a formula
// (it begins with = + - @, tab or CR) gets a leading ' (OWASP's CSV-injection advice);
// numbers are never altered. Writes to a stream; never throws on device bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace iotprobe::output {

class csv_writer {
 public:
  explicit csv_writer(std::ostream& out) : out_(out) {}

  csv_writer& cell(std::string_view text);  // text: quoted and neutralised as needed
  csv_writer& cell(const char* text) { return cell(std::string_view(text)); }
  csv_writer& cell(const std::string& text) { return cell(std::string_view(text)); }
  csv_writer& cell(const std::optional<std::string>& text);  // absent: an empty cell
  csv_writer& cell(std::int64_t number);
  csv_writer& cell(double number);  // JSON's shortest form: 0.0, 0.9, 1e-05
  csv_writer& cell(bool value);     // true / false
  void end_record();

 private:
  void separate();
  csv_writer& number(const std::string& text);  // as is: "-3" is a number, not a formula
  std::ostream& out_;
  bool record_started_ = false;
};

// `text` as one CSV text cell: a leading ' when it begins with = + - @, tab or CR, then
// as is, or quoted with inner quotes doubled.
std::string csv_cell(std::string_view text);

}  // namespace iotprobe::output
