// Keeps --max-in-flight within the process's descriptor limit (RLIMIT_NOFILE), so a run
// never meets EMFILE and never records as closed a host it could not even dial. First the
// soft limit is raised toward the hard limit; what is still short lowers the in-flight
// limit, with a notice naming the limit and `ulimit -n`. Never opens a socket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace iotprobe::prober {

// Descriptors one in-flight connection may hold (its socket, plus curl's per-transfer
// extras), and those the run keeps besides (stdio, the store and its WAL, the loop's own
// descriptors, input and output files).
constexpr std::size_t descriptors_per_connection = 2;
constexpr std::size_t descriptor_reserve = 48;

// Pure: the in-flight connections `limit` descriptors carry (at least 1).
std::size_t in_flight_for_descriptors(std::uint64_t limit);
// Pure: the descriptors `in_flight` connections need.
std::uint64_t descriptors_for_in_flight(std::size_t in_flight);

struct descriptor_fit {
  std::size_t max_in_flight = 0;  // what the run may use (≤ what was asked)
  std::uint64_t soft_before = 0, soft_after = 0, hard = 0;
  std::string notice;             // for stderr; empty when nothing had to be lowered
};

// Pure: the decision for `wanted` connections under (soft, hard) limits; `raised` is the
// soft limit after trying to raise it (the caller's setrlimit result).
descriptor_fit fit_in_flight(std::size_t wanted, std::uint64_t soft, std::uint64_t hard,
                             std::uint64_t raised);
// Reads RLIMIT_NOFILE, raises the soft limit as far as needed (up to the hard limit) and
// returns the fit for `wanted`.
descriptor_fit fit_descriptor_limit(std::size_t wanted);

}  // namespace iotprobe::prober
