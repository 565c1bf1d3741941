// The CSV writer (see csv.hpp).
#include "prober/output/csv.hpp"

#include "prober/output/json_dump.hpp"

namespace iotprobe::output {

std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void csv_writer::separate() {
  if (record_started_) out_ << ',';
  record_started_ = true;
}

csv_writer& csv_writer::cell(std::string_view text) {
  separate();
  out_ << csv_cell(text);
  return *this;
}

csv_writer& csv_writer::cell(const std::optional<std::string>& text) {
  return cell(text ? std::string_view(*text) : std::string_view());
}

csv_writer& csv_writer::cell(std::int64_t number) { return cell(std::to_string(number)); }

csv_writer& csv_writer::cell(double number) { return cell(dump_json_line(nlohmann::json(number))); }

csv_writer& csv_writer::cell(bool value) { return cell(value ? "true" : "false"); }

void csv_writer::end_record() {
  out_ << '\n';
  record_started_ = false;
}

}  // namespace iotprobe::output
