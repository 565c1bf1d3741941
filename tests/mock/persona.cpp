// Loads persona directories: persona.txt (one directive per line) and its route files.
// Throws on a malformed persona (they are test data we own); never touches the network.
#include "persona.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace iotprobe::mock {
namespace {

constexpr std::array<std::pair<std::string_view, behaviour>, 9> behaviour_names{{
    {"normal", behaviour::normal},
    {"closed", behaviour::closed},
    {"tarpit", behaviour::tarpit},
    {"trickle", behaviour::trickle},
    {"endless", behaviour::endless},
    {"greet", behaviour::greet},
    {"reset_mid", behaviour::reset_mid},
    {"half_close", behaviour::half_close},
    {"knock", behaviour::knock},
}};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", p.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

struct loader {
  std::filesystem::path dir;
  persona p;
  int line_no = 0;

  [[noreturn]] void fail(std::string_view why) const {
    throw std::runtime_error(
        fmt::format("{}:{}: {}", (dir / "persona.txt").string(), line_no, why));
  }

  port_spec& current_port() {
    if (p.ports.empty()) fail("'route' before any 'port'");
    return p.ports.back();
  }

  route load_route(const std::string& path, const std::string& file, bool raw) {
    route r = parse_route_file(read_file(dir / file), raw);
    r.path = path;
    r.file = file;
    return r;
  }

  void on_port(const std::vector<std::string>& w) {
    port_spec spec;
    spec.port = std::stoi(w.at(1));
    if (w.size() > 2) {
      auto kind = behaviour_from_name(w[2]);
      if (!kind) fail(fmt::format("unknown behaviour '{}'", w[2]));
      spec.kind = *kind;
    }
    if (w.size() > 3) spec.arg = std::stoul(w[3]);
    p.ports.push_back(std::move(spec));
  }

  void on_uuid(const std::vector<std::string>& w) {
    const std::string& rule = w.at(1);
    if (rule == "random") p.uuid = uuid_rule::random;
    else if (rule == "wps") p.uuid = uuid_rule::wps;
    else if (rule == "none") p.uuid = uuid_rule::none;
    else if (rule == "fixed") {
      p.uuid = uuid_rule::fixed;
      p.fixed_uuid = w.at(2);
    } else fail(fmt::format("unknown uuid rule '{}'", rule));
  }

  void on_behind(const std::vector<std::string>& w) {
    std::vector<int> ports;
    for (std::size_t i = 2; i < w.size(); ++i) ports.push_back(std::stoi(w[i]));
    if (ports.empty()) fail("'behind' wants a family and at least one port");
    p.behind.emplace_back(w.at(1), std::move(ports));
  }

  void on_line(std::string_view line) {
    auto w = split_words(line);
    if (w.empty() || w[0][0] == '#') return;
    const std::string& key = w[0];
    if (key == "family") p.family = w.at(1);
    else if (key == "describe") p.description = std::string(line.substr(line.find(' ') + 1));
    else if (key == "uuid") on_uuid(w);
    else if (key == "shared_udn") p.shared_udn = w.at(1) == "yes";
    else if (key == "oui") p.oui = w.at(1);
    else if (key == "model") p.models.assign(w.begin() + 1, w.end());
    else if (key == "port") on_port(w);
    else if (key == "route")
      current_port().routes.push_back(load_route(w.at(1), w.at(2), w.size() > 3 && w[3] == "raw"));
    else if (key == "behind") on_behind(w);
    else if (key == "ssdp") {
      ssdp_spec s{load_route("*", w.at(1), false), {w.begin() + 2, w.end()}};
      p.ssdp = std::move(s);
    } else fail(fmt::format("unknown directive '{}'", key));
  }
};

}  // namespace

std::optional<behaviour> behaviour_from_name(std::string_view name) {
  for (auto& [n, b] : behaviour_names)
    if (n == name) return b;
  return std::nullopt;
}

std::string_view behaviour_name(behaviour b) {
  for (auto& [n, v] : behaviour_names)
    if (v == b) return n;
  return "normal";
}

const route* port_spec::find(std::string_view path) const {
  const route* fallback = nullptr;
  for (const auto& r : routes) {
    if (r.path == path) return &r;
    if (r.path == "*") fallback = &r;
  }
  return fallback;
}

const port_spec* persona::port(int logical) const {
  for (const auto& p : ports)
    if (p.port == logical) return &p;
  return nullptr;
}

persona load_persona(const std::filesystem::path& dir) {
  loader l{dir, {}, 0};
  l.p.name = dir.filename().string();
  std::istringstream in(read_file(dir / "persona.txt"));
  for (std::string line; std::getline(in, line);) {
    ++l.line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    try {
      l.on_line(line);
    } catch (const std::out_of_range&) {
      l.fail("missing argument");
    } catch (const std::invalid_argument&) {
      l.fail("bad number");
    }
  }
  if (l.p.family.empty()) l.fail("no 'family' line");
  return std::move(l.p);
}

std::map<std::string, persona> load_personas(const std::filesystem::path& root) {
  std::map<std::string, persona> all;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (!entry.is_directory() || !std::filesystem::exists(entry.path() / "persona.txt")) continue;
    persona p = load_persona(entry.path());
    all.emplace(p.name, std::move(p));
  }
  return all;
}

std::filesystem::path default_personas_dir() { return IOTPROBE_MOCK_PERSONAS_DIR; }

}  // namespace iotprobe::mock
