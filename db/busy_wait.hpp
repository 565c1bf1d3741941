// How a connection waits for a database another connection has locked: bounded by a
// timeout, announced once through SQLite's log after a second, and ended early when the
// caller's interrupt check says so (a stop signal), so no stop waits for the timeout.
// Internal to db/ (sqlite.cpp installs it); it never throws into SQLite's frames.
#pragma once

#include <chrono>
#include <functional>
#include <string>

struct sqlite3;

namespace iotprobe::db {

struct busy_wait {
  std::string path;                  // named in the "waiting" notice
  std::chrono::milliseconds timeout;  // the longest one wait lasts
  std::function<bool()> interrupted;  // may be empty; true: give up now
  std::chrono::steady_clock::time_point began{};
  bool announced = false;
};

// Installs `wait` as the busy handler of `db`; `wait` must outlive the connection.
void install_busy_wait(sqlite3* db, busy_wait& wait);

}  // namespace iotprobe::db
