// The descriptor budget (issue 14): --max-in-flight is lowered to what RLIMIT_NOFILE
// carries, with a notice naming the limit and `ulimit -n`, and left alone when the limit
// (possibly raised to the hard limit) suffices.
#include "prober/descriptor_budget.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>

using namespace iotprobe::prober;

TEST_CASE("the in-flight limit fits the descriptor limit", "[prober][limits]") {
  CHECK(descriptors_for_in_flight(1000) == 1000 * descriptors_per_connection + descriptor_reserve);
  CHECK(in_flight_for_descriptors(descriptors_for_in_flight(300)) == 300);
  CHECK(in_flight_for_descriptors(10) == 1);  // never zero: the run still makes progress

  const auto enough = fit_in_flight(200, 1024, 4096, 1024);
  CHECK(enough.max_in_flight == 200);
  CHECK(enough.notice.empty());

  const auto raised = fit_in_flight(1000, 1024, 1'048'576, descriptors_for_in_flight(1000));
  CHECK(raised.max_in_flight == 1000);
  CHECK(raised.notice.empty());

  const auto lowered = fit_in_flight(1000, 64, 64, 64);
  CHECK(lowered.max_in_flight == in_flight_for_descriptors(64));
  CHECK(lowered.max_in_flight < 1000);
  CHECK_THAT(lowered.notice, Catch::Contains("RLIMIT_NOFILE") && Catch::Contains("ulimit -n") &&
                                 Catch::Contains("lowered max_in_flight to"));
}

TEST_CASE("the soft descriptor limit is raised toward the hard limit first", "[prober][limits]") {
  rlimit saved{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
  // What the hard limit carries (capped: RLIM_INFINITY is possible), asked for under a
  // soft limit far below it.
  const std::size_t wanted = in_flight_for_descriptors(std::min<rlim_t>(saved.rlim_max, 4096));
  REQUIRE(wanted > 1);
  rlimit low = saved;
  low.rlim_cur = descriptor_reserve + 2;
  REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
  const auto fit = fit_descriptor_limit(wanted);
  rlimit now{};
  getrlimit(RLIMIT_NOFILE, &now);
  setrlimit(RLIMIT_NOFILE, &saved);
  CHECK(fit.max_in_flight == wanted);
  CHECK(fit.notice.empty());
  CHECK(now.rlim_cur >= descriptors_for_in_flight(wanted));
}
