// `iotprobe parse http|upnp|ssdp FILE [--json]`: runs one parser on a saved response
// and prints a readable summary, or one JSON object; `--fingerprint` (http, upnp) adds the
// fingerprint verdict. Reads only the named files (or stdin for "-"); never opens a
// socket. Exit: 0 parsed ok, 1 bad input (or an unloadable database), 2 usage.
#include "prober/cli/command.hpp"

#include "parsers/fingerprint/fusion.hpp"
#include "parsers/http/http_response.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"
#include "prober/cli/verdict_seam.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/response_json.hpp"
#include "prober/output/response_text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::cli {
namespace {

constexpr auto parse_style = output::view_style::parse_detail;

// Far above every parser cap (a UPnP document is refused past 256 KiB), so only the
// parsers decide what is too large; the bound only keeps a wrong file from filling RAM.
constexpr std::size_t max_input_bytes = 64 * 1024 * 1024;

// The options every `parse` kind shares. The fingerprint flags exist only for kinds with
// a default_port (http, upnp): the logical port the answer came from, which fusion uses
// to group evidence (an iot.requires tag must be seen on the same port).
struct parse_options {
  std::string file;
  bool json = false;
  int default_port = 0;
  bool fingerprint = false;
  std::vector<std::string> databases;
  int port = 0;
};

void add_input_flags(CLI::App& cmd, parse_options& options) {
  cmd.add_option("FILE", options.file, "saved response bytes, or - for standard input")
      ->required();
  cmd.add_flag("--json", options.json, "print one JSON object instead of a summary");
  if (options.default_port == 0) return;
  CLI::Option* fingerprint = cmd.add_flag(
      "--fingerprint", options.fingerprint,
      "classify the answer with the configured fingerprint databases and print the verdict");
  cmd.add_option("--db", options.databases,
                 "also load this Recog-format database (repeatable; needs --fingerprint)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile)
      ->needs(fingerprint);
  options.port = options.default_port;
  cmd.add_option("--port", options.port,
                 "logical port the answer came from (needs --fingerprint)")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535))
      ->needs(fingerprint);
}

std::optional<std::string> read_input(const std::string& path) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return std::nullopt;
    in = &file;
  }
  std::string bytes;
  std::array<char, 64 * 1024> chunk{};
  while (bytes.size() < max_input_bytes) {
    in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    bytes.append(chunk.data(), static_cast<std::size_t>(in->gcount()));
    if (!*in) break;
  }
  if (in->bad()) return std::nullopt;
  if (bytes.size() >= max_input_bytes) {
    bytes.resize(max_input_bytes);
    fmt::print(stderr, "iotprobe parse: {} is larger than {} bytes; only those were parsed\n",
               path, max_input_bytes);
  }
  return bytes;
}

void print_result(const parse_options& options, const nlohmann::json& json,
                  const std::string& summary) {
  if (options.json) {
    fmt::print("{}\n", output::dump_json(json));
  } else {
    fmt::print("{}", summary);
  }
}

// Reads the input, or reports why not; nullopt means "exit 1 now".
std::optional<std::string> input_or_report(const parse_options& options) {
  std::optional<std::string> bytes = read_input(options.file);
  if (!bytes) fmt::print(stderr, "iotprobe parse: cannot read {}\n", options.file);
  return bytes;
}

// The verdict for one saved answer, or nullopt (reported) when a database cannot load.
// The databases are the default config's (the ones probe classifies with), then --db.
std::optional<parsers::verdict> classify(const parse_options& options, parsers::probe_kind probe,
                                         const parsers::http_response* http,
                                         const parsers::upnp_description* description) {
  try {
    const parsers::fingerprint_engine engine =
        load_fingerprint_engine(config::load_settings(), options.databases);
    return parsers::classify_single(engine, options.port, probe, http, description);
  } catch (const std::exception& e) {
    fmt::print(stderr, "iotprobe parse: cannot load fingerprint databases: {}\n", e.what());
    return std::nullopt;
  }
}

// Prints the result, with the verdict appended when --fingerprint asked for one.
int print_with_verdict(const parse_options& options, nlohmann::json json, std::string summary,
                       const std::optional<parsers::verdict>& verdict) {
  if (options.fingerprint) {
    if (!verdict) return exit_bad_input;
    json["verdict"] = output::verdict_json(*verdict, parse_style);
    summary += output::verdict_block_text(*verdict);
  }
  print_result(options, json, summary);
  return exit_ok;
}

int run_http(const parse_options& options) {
  const std::optional<std::string> bytes = input_or_report(options);
  if (!bytes) return exit_bad_input;
  const parsers::http_response response = parsers::parse_http_response(*bytes);
  std::optional<parsers::verdict> verdict;
  if (options.fingerprint) verdict = classify(options, parsers::probe_kind::get_root, &response, nullptr);
  if (print_with_verdict(options, output::http_json(response, parse_style),
                         output::http_response_text(response), verdict) != exit_ok)
    return exit_bad_input;
  return response.status == parsers::probe_status::ok ? exit_ok : exit_bad_input;
}

int run_upnp(const parse_options& options) {
  const std::optional<std::string> bytes = input_or_report(options);
  if (!bytes) return exit_bad_input;
  const parsers::upnp_description description = parsers::parse_upnp_description(*bytes);
  std::optional<parsers::verdict> verdict;
  if (options.fingerprint) verdict = classify(options, parsers::probe_kind::description, nullptr, &description);
  if (print_with_verdict(options, output::upnp_description_json(description, parse_style),
                         output::upnp_description_text(description), verdict) != exit_ok)
    return exit_bad_input;
  return description.status == parsers::probe_status::ok ? exit_ok : exit_bad_input;
}

int run_ssdp(const parse_options& options) {
  const std::optional<std::string> bytes = input_or_report(options);
  if (!bytes) return exit_bad_input;
  const parsers::ssdp_reply reply = parsers::parse_ssdp_reply(*bytes);
  print_result(options, output::ssdp_json(reply, parse_style), output::ssdp_reply_text(reply));
  return reply.status == parsers::probe_status::ok ? exit_ok : exit_bad_input;
}

using runner = int (*)(const parse_options&);

// default_port 0: the kind has no --fingerprint flags.
void add_kind(CLI::App& parse, const char* name, const char* description, runner run,
              int default_port, int& exit_code) {
  auto options = std::make_shared<parse_options>();
  options->default_port = default_port;
  CLI::App* cmd = parse.add_subcommand(name, description);
  add_input_flags(*cmd, *options);
  cmd->callback([options, run, &exit_code] { exit_code = run(*options); });
}

}  // namespace

void add_parse_command(CLI::App& app, int& exit_code) {
  CLI::App* parse = app.add_subcommand(
      "parse", "Run a parser on a saved response (no network): http, upnp or ssdp");
  parse->require_subcommand(1);
  add_kind(*parse, "http",
           "Parse a raw HTTP response (status line, headers, body): status, Server, title\n"
           "(decoded to UTF-8), WWW-Authenticate realm. Exit 1 when the bytes are not HTTP.\n"
           "--fingerprint adds the verdict (family, vendor, product, evidence).",
           run_http, 80, exit_code);
  add_kind(*parse, "upnp",
           "Parse a UPnP device description XML: every device with its UDN and services.\n"
           "Exit 1 on malformed XML. --json prints {ok, error, devices[...]}; --fingerprint\n"
           "adds the verdict (and a \"verdict\" key to the JSON).",
           run_upnp, 52869, exit_code);
  add_kind(*parse, "ssdp",
           "Parse an SSDP M-SEARCH reply datagram: LOCATION, SERVER, USN, ST, CACHE-CONTROL,\n"
           "EXT. Exit 1 when the bytes are not an HTTP-shaped reply.",
           run_ssdp, 0, exit_code);
}

}  // namespace iotprobe::cli
