// `iotprobe-mock serve`: prints one "listening <proto> logical=L wire=W" line per port,
// then "ready", and flushes, so a parent can read the ports. Exits on SIGTERM/SIGINT, on
// parent death (PR_SET_PDEATHSIG) and, with --stdin-eof, when stdin closes; with
// --report-connections it first prints each host's peak and total TCP connections.
#include "serve_command.hpp"

#include "fleet.hpp"
#include "server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace iotprobe::mock {
namespace asio = boost::asio;

namespace {

struct serve_options {
  std::string fleet_dir, day, personas_dir = default_personas_dir().string();
  int epoch = 0;
  std::vector<std::string> hosts;  // persona@127.x.y.z
  std::string persona_name, ip;    // --persona NAME --ip 127.x.y.z: one more host
  std::string ports = "80=18080,81=18081,52869=52869,52881=52881,37215=37215";
  int ssdp_port = 11900;  // wire port for logical 1900; -1 = no SSDP
  std::string reply_delay = "0";  // "MS" or "MIN-MAX", per host
  bool stdin_eof = false;
  bool report_connections = false;
};

host_table build_hosts(const serve_options& o, const std::map<std::string, persona>& personas) {
  host_table table;
  if (!o.fleet_dir.empty()) {
    if (o.day.empty()) throw std::invalid_argument("--fleet needs --day");
    table = host_table::from_manifest(read_manifest(o.fleet_dir, o.day, o.epoch), personas);
  }
  std::vector<std::string> specs = o.hosts;
  if (!o.persona_name.empty() || !o.ip.empty()) {
    if (o.persona_name.empty() || o.ip.empty()) throw std::invalid_argument("--persona and --ip go together");
    specs.push_back(o.persona_name + "@" + o.ip);
  }
  if (o.fleet_dir.empty() && specs.empty()) throw std::invalid_argument("nothing to serve: give --fleet, --host or --persona/--ip");
  for (const auto& spec : specs) {
    auto at = spec.find('@');
    std::uint32_t addr = 0;
    if (at == spec.npos || !parse_ipv4(spec.substr(at + 1), addr) || (addr >> 24) != 127)
      throw std::invalid_argument("--host wants persona@127.x.y.z, got " + spec);
    auto p = personas.find(spec.substr(0, at));
    if (p == personas.end()) throw std::invalid_argument("unknown persona in --host " + spec);
    if (!table.add(addr, p->second, device_values_for_host(p->second, spec.substr(at + 1))))
      throw std::invalid_argument("address given twice: " + spec);
  }
  return table;
}

void raise_fd_limit() {
  ::rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
}

int run(const serve_options& o) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  raise_fd_limit();
  auto personas = load_personas(o.personas_dir);
  host_table hosts = build_hosts(o, personas);
  connection_meter meter;  // before io: pending connections still hold its tickets
  asio::io_context io(1);
  std::optional<port_map_entry> ssdp;
  if (o.ssdp_port >= 0) ssdp = port_map_entry{1900, static_cast<std::uint16_t>(o.ssdp_port)};
  server_limits limits;
  limits.delay = parse_reply_delay(o.reply_delay);
  server srv(io, hosts, parse_port_map(o.ports), ssdp, limits,
             o.report_connections ? &meter : nullptr);
  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
  asio::posix::stream_descriptor in(io, ::dup(STDIN_FILENO));
  std::array<char, 256> buf{};
  std::function<void()> watch_stdin = [&] {
    in.async_read_some(asio::buffer(buf), [&](boost::system::error_code ec, std::size_t) {
      if (ec) return io.stop();
      watch_stdin();
    });
  };
  if (o.stdin_eof) watch_stdin();
  for (const auto& b : srv.bound())
    fmt::print("listening {} logical={} wire={}\n", b.proto, b.logical, b.wire);
  fmt::print("hosts {}\nready\n", hosts.size());
  std::fflush(stdout);
  if (::getppid() == 1) return 0;  // the parent died before PR_SET_PDEATHSIG took effect
  io.run();
  if (o.report_connections) {
    std::ostringstream report;
    meter.report(report);
    fmt::print("{}", report.str());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

void add_serve(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Serve a fleet day (or explicit hosts) on loopback");
  auto o = std::make_shared<serve_options>();
  cmd->add_option("--fleet", o->fleet_dir, "fleet directory written by `fleet`");
  cmd->add_option("--day", o->day, "day to serve, YYYY-MM-DD");
  cmd->add_option("--epoch", o->epoch, "intraday epoch (address slot)")->capture_default_str();
  cmd->add_option("--host", o->hosts, "extra host persona@127.x.y.z (repeatable)");
  cmd->add_option("--persona", o->persona_name, "single-host mode: persona name (with --ip)");
  cmd->add_option("--ip", o->ip, "single-host mode: its 127.x.y.z address");
  cmd->add_option("--ports", o->ports, "logical=wire TCP port map (wire 0 = any)")->capture_default_str();
  cmd->add_option("--ssdp-port", o->ssdp_port, "UDP wire port for SSDP (0 = any, -1 = off)")
      ->capture_default_str();
  cmd->add_option("--personas", o->personas_dir, "personas directory")->capture_default_str();
  cmd->add_option("--reply-delay-ms", o->reply_delay,
                  "hold every answer back MS, or MIN-MAX (a fixed value per host)")
      ->capture_default_str();
  cmd->add_flag("--stdin-eof", o->stdin_eof, "exit when stdin reaches EOF");
  cmd->add_flag("--report-connections", o->report_connections,
                "on exit, print 'connections IP peak P total T' per host connected to");
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace iotprobe::mock
