// The report's SVG writer: indentation-stable element output, so golden files diff
// cleanly, and one escaping routine for every string that reaches a chart.
#include "prober/output/report_svg.hpp"

#include <fmt/format.h>

#include <cmath>

namespace iotprobe::output {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  const unsigned char c1 = byte(i + 1);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
      (c == 0xF4 && c1 > 0x8F))
    return 0;  // overlong forms, UTF-16 surrogates, beyond U+10FFFF
  return n;
}

constexpr std::string_view replacement = "\xEF\xBF\xBD";

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      out += replacement;
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string svg_number(double value) {
  if (!std::isfinite(value)) return "0";
  std::string text = fmt::format("{:.2f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

void svg_writer::start_tag(std::string_view tag, svg_attributes attributes) {
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += '<';
  out_ += tag;
  for (const auto& [name, value] : attributes) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += xml_escape(value);
    out_ += '"';
  }
}

svg_writer& svg_writer::open(std::string_view tag, svg_attributes attributes) {
  start_tag(tag, attributes);
  out_ += ">\n";
  open_tags_.append(tag).push_back('\n');
  ++depth_;
  return *this;
}

svg_writer& svg_writer::empty(std::string_view tag, svg_attributes attributes) {
  start_tag(tag, attributes);
  out_ += "/>\n";
  return *this;
}

svg_writer& svg_writer::text_element(std::string_view tag, std::string_view text,
                                     svg_attributes attributes) {
  start_tag(tag, attributes);
  out_ += '>';
  out_ += xml_escape(text);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
  return *this;
}

svg_writer& svg_writer::close() {
  if (depth_ == 0) return *this;
  open_tags_.pop_back();  // the '\n' after the innermost name
  const auto start = open_tags_.rfind('\n');
  const std::size_t name_at = start == std::string::npos ? 0 : start + 1;
  --depth_;
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += "</" + open_tags_.substr(name_at) + ">\n";
  open_tags_.resize(name_at);
  return *this;
}

std::string svg_writer::str() {
  while (depth_ > 0) close();
  return out_;
}

}  // namespace iotprobe::output
