// The CSV writer (see csv.hpp).
#include "prober/output/csv.hpp"

#include "prober/output/json_dump.hpp"

namespace iotprobe::output {
namespace {

std::string quoted_if_needed(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// A spreadsheet runs a cell beginning with one of these as a formula (=HYPERLINK(…),
// +cmd|…, -2+3, @SUM(…)); tab and CR are on OWASP's list too.
bool looks_like_formula(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

}  // namespace

std::string csv_cell(std::string_view text) {
  if (looks_like_formula(text)) return quoted_if_needed("'" + std::string(text));
  return quoted_if_needed(text);
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

csv_writer& csv_writer::number(const std::string& text) {
  separate();
  out_ << text;
  return *this;
}

csv_writer& csv_writer::cell(std::int64_t value) { return number(std::to_string(value)); }

csv_writer& csv_writer::cell(double value) { return number(dump_json_line(nlohmann::json(value))); }

csv_writer& csv_writer::cell(bool value) { return cell(value ? "true" : "false"); }

void csv_writer::end_record() {
  out_ << '\n';
  record_started_ = false;
}

}  // namespace iotprobe::output
