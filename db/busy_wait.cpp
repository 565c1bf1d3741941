// The busy handler (see busy_wait.hpp). Sleeps in short steps (at most 50 ms), so an
// interrupt is noticed within one step; the notice goes to the project's SQLite log.
#include "db/busy_wait.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <thread>

namespace iotprobe::db {
namespace {

using namespace std::chrono_literals;

std::chrono::milliseconds step_for(int attempt) {
  constexpr std::chrono::milliseconds steps[] = {1ms, 2ms, 5ms, 10ms, 20ms, 50ms};
  return steps[std::min<std::size_t>(static_cast<std::size_t>(attempt), std::size(steps) - 1)];
}

// SQLite calls this from inside its own frames: catch everything. Returns 0 to give up
// (the statement fails with SQLITE_BUSY), 1 to try again.
extern "C" int on_busy(void* context, int attempt) {
  try {
    auto& wait = *static_cast<busy_wait*>(context);
    const auto now = std::chrono::steady_clock::now();
    if (attempt == 0) {
      wait.began = now;
      wait.announced = false;
    }
    if (wait.interrupted && wait.interrupted()) return 0;
    const auto waited = now - wait.began;
    if (waited >= wait.timeout) return 0;
    if (!wait.announced && waited >= 1s) {
      wait.announced = true;
      sqlite3_log(SQLITE_WARNING, "%s",
                  fmt::format("{} is locked by another connection; waiting up to {} s "
                              "(a stop signal ends the wait)",
                              wait.path, wait.timeout.count() / 1000)
                      .c_str());
    }
    std::this_thread::sleep_for(step_for(attempt));
    return 1;
  } catch (...) {
    return 0;
  }
}

}  // namespace

void install_busy_wait(sqlite3* db, busy_wait& wait) { sqlite3_busy_handler(db, on_busy, &wait); }

}  // namespace iotprobe::db
