// iotprobe's composition root: the command line, built from one explicit list of
// subcommands. Exit codes: 0 ok, 1 the input was bad, 2 usage, 130/143 interrupted.
// Exceptions stop here: nothing below main() lets one escape into C or the event loop.
#include "prober/cli/command.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  namespace cli = iotprobe::cli;
  CLI::App app{
      "iotprobe: active UPnP/IoT fingerprinting of Mirai-infected hosts.\n"
      "Reads darknet output, fetches HTTP banners and UPnP descriptions, names the device\n"
      "family and tracks each device's UPnP UUID across IP churn.",
      "iotprobe"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "iotprobe 0.1.0");

  int exit_code = cli::exit_ok;
  cli::add_parse_command(app, exit_code);
  cli::add_targets_command(app, exit_code);
  cli::add_fingerprints_command(app, exit_code);
  cli::add_extract_command(app, exit_code);
  cli::add_probe_commands(app, exit_code);
  cli::add_store_commands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? cli::exit_ok : cli::exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iotprobe: %s\n", e.what());
    return cli::exit_bad_input;
  }
  return exit_code;
}
