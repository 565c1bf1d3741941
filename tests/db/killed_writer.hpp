// A store writer that dies mid-batch: `write` runs in a forked child on the store at
// `path`, which commits every four hosts and never by time, and the child then ends with
// _exit (no flush, no destructors: as abrupt as kill -9 for the database). For the tests
// of the commit contract; returns once the child is gone.
#pragma once

#include "db/store.hpp"

#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>

namespace iotprobe::testing {

inline void write_then_die(const std::string& path, const std::function<void(db::store&)>& write) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    db::store_options options;
    options.hosts_per_commit = 4;
    options.max_commit_delay = std::chrono::hours{1};
    db::store s{path, options};
    write(s);
    _exit(0);
  }
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  REQUIRE(WIFEXITED(wstatus));
}

}  // namespace iotprobe::testing
