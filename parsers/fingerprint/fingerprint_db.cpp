// Loading a Recog XML database with pugixml, exactly as Recog reads it: description
// whitespace collapsed, example text with whitespace kept, base64 and _filename examples
// decoded, params in document order. Throws std::runtime_error (the loader is an edge).
#include "parsers/fingerprint/fingerprint_db.hpp"

#include "parsers/core/text.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace iotprobe::parsers {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(std::string_view db, int line, std::string_view what) {
  throw std::runtime_error(fmt::format("{}:{}: {}", db, line, what));
}

// Nokogiri's #content: all descendant text, in order.
std::string element_text(const pugi::xml_node& node) {
  std::string text;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      text += child.value();
    else if (child.type() == pugi::node_element)
      text += element_text(child);
  }
  return text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Recog rejects a _filename that leaves the example directory (File.expand_path check).
std::string read_example_file(const fs::path& dir, const std::string& file, std::string_view db,
                              int line) {
  const fs::path base = fs::absolute(dir).lexically_normal();
  const fs::path full = (base / file).lexically_normal();
  const auto rel = full.lexically_relative(base);
  if (file.empty() || rel.empty() || *rel.begin() == ".." || rel == ".")
    fail(db, line, fmt::format("example specifies an illegal file path '{}'", file));
  return read_file(full);
}

fingerprint_example parse_example(const pugi::xml_node& node, const fs::path& example_dir,
                                  std::string_view db, int line) {
  fingerprint_example example;
  std::string encoding, filename;
  for (const pugi::xml_attribute& attr : node.attributes()) {
    example.attributes.emplace_back(attr.name(), attr.value());
    if (std::string_view(attr.name()) == "_encoding") encoding = attr.value();
    if (std::string_view(attr.name()) == "_filename") filename = attr.value();
  }
  // Recog::Fingerprint::Test decodes base64 after choosing the source, file or text.
  const bool from_file = !node.attribute("_filename").empty();
  example.content = from_file ? read_example_file(example_dir, filename, db, line)
                              : element_text(node);
  if (encoding == "base64") example.content = ruby_base64_decode(example.content);
  example.binary = from_file || encoding == "base64";
  return example;
}

// Recog's schema requires pos and name; a capture position the pattern lacks would
// silently yield nothing, so it is refused here like a bad pattern.
void parse_params(const pugi::xml_node& node, fingerprint& fp, std::string_view db) {
  for (const pugi::xml_node& p : node.children("param")) {
    if (p.attribute("name").empty()) fail(db, fp.line, "<param> without a name");
    if (p.attribute("pos").empty()) fail(db, fp.line, fmt::format("<param name=\"{}\"> without a pos", p.attribute("name").value()));
    fingerprint_param param{p.attribute("pos").as_int(-1), p.attribute("name").value(),
                            p.attribute("value").value()};
    if (param.pos < 0 || param.pos > fp.regex.capture_count())
      fail(db, fp.line, fmt::format("<param name=\"{}\"> names capture {} but the pattern has {}",
                                    param.name, p.attribute("pos").value(), fp.regex.capture_count()));
    auto same = std::find_if(fp.params.begin(), fp.params.end(),
                             [&](const fingerprint_param& q) { return q.name == param.name; });
    if (same != fp.params.end()) *same = std::move(param);  // a Ruby hash keeps the first slot
    else fp.params.push_back(std::move(param));
  }
}

int line_of(std::string_view xml, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  const auto end = xml.begin() + std::min<std::ptrdiff_t>(offset, std::ssize(xml));
  return 1 + static_cast<int>(std::count(xml.begin(), end, '\n'));
}

fingerprint parse_fingerprint(const pugi::xml_node& node, std::string_view xml,
                              const fs::path& example_dir, std::string_view db) {
  fingerprint fp;
  fp.line = line_of(xml, node.offset_debug());
  if (node.attribute("pattern").empty()) fail(db, fp.line, "fingerprint without a pattern");
  fp.pattern = node.attribute("pattern").value();
  fp.flags = node.attribute("flags").value();
  if (!node.attribute("certainty").empty()) fp.certainty = node.attribute("certainty").as_double();
  fp.description = collapse_whitespace(element_text(node.child("description")));
  std::string error;
  const auto options = parse_recog_flags(fp.flags, error);
  if (!options) fail(db, fp.line, error);
  auto regex = ruby_regex::compile(fp.pattern, *options, error);
  if (!regex) fail(db, fp.line, fmt::format("bad pattern /{}/: {}", fp.pattern, error));
  fp.regex = std::move(*regex);
  for (const pugi::xml_node& ex : node.children("example"))
    fp.examples.push_back(parse_example(ex, example_dir, db, fp.line));
  parse_params(node, fp, db);
  return fp;
}

}  // namespace

fingerprint_db fingerprint_db::load(const fs::path& path) {
  const std::string xml = read_file(path);
  const std::string name = path.filename().string();
  try {
    fingerprint_db db = parse(xml, name, path.parent_path() / path.stem());
    db.path_ = path;
    return db;
  } catch (const std::runtime_error& e) {  // name the file by its path: "name:line: …"
    const std::string message = e.what();
    if (message.rfind(name + ":", 0) != 0) throw;
    throw std::runtime_error(path.string() + message.substr(name.size()));
  }
}

fingerprint_db fingerprint_db::parse(std::string_view xml, std::string name,
                                     const fs::path& example_dir) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size(),
                                      pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed)
    fail(name, line_of(xml, parsed.offset), fmt::format("not well-formed XML: {}",
                                                         parsed.description()));
  const pugi::xml_node root = doc.child("fingerprints");
  if (!root) fail(name, 1, "the root element is not <fingerprints>");
  fingerprint_db db;
  db.name_ = std::move(name);
  db.matches_ = root.attribute("matches").value();
  db.protocol_ = to_lower(root.attribute("protocol").value());
  db.database_type_ = root.attribute("database_type").value();
  if (!root.attribute("preference").empty())
    db.preference_ = root.attribute("preference").as_double(0.10);
  for (const pugi::xml_node& node : root.children("fingerprint")) {
    try {
      db.fingerprints_.push_back(parse_fingerprint(node, xml, example_dir, db.name_));
    } catch (const std::runtime_error& e) {  // one bad rule must not hide the others
      const int line = line_of(xml, node.offset_debug());
      std::string message = e.what();
      const std::string prefix = fmt::format("{}:{}: ", db.name_, line);
      if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
      db.load_errors_.push_back(
          {line, collapse_whitespace(element_text(node.child("description"))), std::move(message)});
    }
  }
  db.build_index();
  return db;
}

void fingerprint_db::build_index() {
  for (auto& list : by_first_byte_) list.clear();
  for (std::uint32_t i = 0; i < fingerprints_.size(); ++i) {
    const literal_prefix& prefix = fingerprints_[i].regex.prefix();
    if (prefix.text.empty()) {
      for (auto& list : by_first_byte_) list.push_back(i);
      continue;
    }
    const auto first = static_cast<unsigned char>(prefix.text[0]);
    by_first_byte_[first].push_back(i);
    if (prefix.caseless && std::isalpha(first)) {
      const auto other = static_cast<unsigned char>(std::islower(first) ? std::toupper(first)
                                                                        : std::tolower(first));
      by_first_byte_[other].push_back(i);
    }
  }
}

}  // namespace iotprobe::parsers
