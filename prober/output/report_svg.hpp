// A small SVG writer for the report's charts: elements with attributes, text, and the
// escaping every device string needs. Whatever a device sent (markup, quotes, control
// bytes, invalid UTF-8) comes out as inert text; the writer never throws on it.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace iotprobe::output {

// `text` escaped for XML text and attribute values: & < > " ' as entities, bytes XML 1.0
// forbids (C0 controls but tab/LF/CR, DEL) and invalid UTF-8 as U+FFFD.
std::string xml_escape(std::string_view text);

// A number as SVG coordinates want it: at most two decimals, no trailing zeros, no "-0".
std::string svg_number(double value);

using svg_attributes = std::initializer_list<std::pair<std::string_view, std::string>>;

// Builds one document as text. Elements must be closed in order (close() ends the
// innermost open one); str() closes whatever is still open.
class svg_writer {
 public:
  svg_writer& open(std::string_view tag, svg_attributes attributes = {});
  svg_writer& empty(std::string_view tag, svg_attributes attributes = {});
  // <tag attributes>escaped text</tag>
  svg_writer& text_element(std::string_view tag, std::string_view text,
                           svg_attributes attributes = {});
  svg_writer& close();
  std::string str();

 private:
  void start_tag(std::string_view tag, svg_attributes attributes);
  std::string out_;
  std::string open_tags_;  // '\n'-separated stack of open tag names
  int depth_ = 0;
};

}  // namespace iotprobe::output
