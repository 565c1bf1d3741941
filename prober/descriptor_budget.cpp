// RLIMIT_NOFILE against the in-flight limit (see descriptor_budget.hpp). The decision is
// pure (fit_in_flight); only fit_descriptor_limit calls getrlimit/setrlimit.
#include "prober/descriptor_budget.hpp"

#include <fmt/format.h>

#include <sys/resource.h>

#include <algorithm>

namespace iotprobe::prober {

std::size_t in_flight_for_descriptors(std::uint64_t limit) {
  if (limit <= descriptor_reserve + descriptors_per_connection) return 1;
  return static_cast<std::size_t>((limit - descriptor_reserve) / descriptors_per_connection);
}

std::uint64_t descriptors_for_in_flight(std::size_t in_flight) {
  return static_cast<std::uint64_t>(in_flight) * descriptors_per_connection + descriptor_reserve;
}

descriptor_fit fit_in_flight(std::size_t wanted, std::uint64_t soft, std::uint64_t hard,
                             std::uint64_t raised) {
  descriptor_fit fit{wanted, soft, raised, hard, {}};
  const std::uint64_t needed = descriptors_for_in_flight(wanted);
  if (raised >= needed) return fit;
  fit.max_in_flight = std::min(wanted, in_flight_for_descriptors(raised));
  fit.notice = fmt::format(
      "iotprobe: the descriptor limit (RLIMIT_NOFILE) is {} (hard limit {}), but max_in_flight "
      "{} needs {}: lowered max_in_flight to {}. Raise it with `ulimit -n {}` (or the hard "
      "limit, e.g. in limits.conf) to run at full width.\n",
      raised, hard, wanted, needed, fit.max_in_flight, needed);
  return fit;
}

descriptor_fit fit_descriptor_limit(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return descriptor_fit{wanted, 0, 0, 0, {}};
  const std::uint64_t soft = limit.rlim_cur, hard = limit.rlim_max;
  std::uint64_t raised = soft;
  const std::uint64_t needed = descriptors_for_in_flight(wanted);
  if (soft < needed) {
    rlimit wider = limit;
    wider.rlim_cur = static_cast<rlim_t>(std::min(needed, hard));
    if (::setrlimit(RLIMIT_NOFILE, &wider) == 0) raised = wider.rlim_cur;
  }
  return fit_in_flight(wanted, soft, hard, raised);
}

}  // namespace iotprobe::prober
