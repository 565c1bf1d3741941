// iotprobe-mock: writes simulated fleets (`fleet`) and serves them on loopback (`serve`).
// Exceptions stop here and become exit codes (1 bad input, 2 usage). It serves only
// 127.0.0.0/8 and must be run inside scripts/netns-run.
#include "fleet.hpp"
#include "serve_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <exception>

namespace {

using namespace iotprobe::mock;

void add_fleet(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("fleet", "Write a simulated fleet: per-day darknet CSV and manifest");
  auto opt = std::make_shared<fleet_options>();
  auto mix = std::make_shared<std::string>(std::string(IOTPROBE_MOCK_MIXES_DIR) + "/default.mix");
  auto out = std::make_shared<std::string>();
  auto personas = std::make_shared<std::string>(default_personas_dir().string());
  cmd->add_option("--devices", opt->devices, "number of devices")->capture_default_str();
  cmd->add_option("--days", opt->days, "number of simulated days")->capture_default_str();
  cmd->add_option("--seed", opt->seed, "random seed")->capture_default_str();
  cmd->add_option("--mix", *mix, "mix file (persona weight [CC:weight ...])")->capture_default_str();
  cmd->add_option("--churn", opt->churn, "share of devices changing address daily")->capture_default_str();
  cmd->add_option("--intraday-share", opt->intraday_share, "share changing within a day")->capture_default_str();
  cmd->add_option("--infected-share", opt->infected_share, "share ever infected")->capture_default_str();
  cmd->add_option("--epochs", opt->epochs, "address epochs per day")->capture_default_str();
  cmd->add_option("--start-day", opt->start_day, "first day, YYYY-MM-DD")->capture_default_str();
  cmd->add_option("--personas", *personas, "personas directory")->capture_default_str();
  cmd->add_option("--out", *out, "output directory")->required();
  cmd->callback([=, &exit_code] {
    auto t0 = std::chrono::steady_clock::now();
    auto all = load_personas(*personas);
    write_fleet(*opt, all, load_mix(*mix, all), *out);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print("wrote {} days for {} devices to {} in {:.2f} s\n", opt->days, opt->devices, *out, s);
    exit_code = 0;
  });
}

void add_personas(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("personas", "List the personas: name, family, ports");
  auto dir = std::make_shared<std::string>(default_personas_dir().string());
  cmd->add_option("--personas", *dir, "personas directory")->capture_default_str();
  cmd->callback([=, &exit_code] {
    for (const auto& [name, p] : load_personas(*dir)) {
      std::string ports;
      for (const auto& s : p.ports) ports += fmt::format(" {}:{}", s.port, behaviour_name(s.kind));
      fmt::print("{} {}{}{}\n", name, p.family, ports, p.ssdp ? " ssdp" : "");
    }
    exit_code = 0;
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"iotprobe-mock: the simulated device fleet (loopback only)"};
  app.require_subcommand(1);
  int exit_code = 0;
  add_fleet(app, exit_code);
  add_personas(app, exit_code);
  add_serve(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "iotprobe-mock: {}\n", e.what());
    return 1;
  }
  return exit_code;
}
