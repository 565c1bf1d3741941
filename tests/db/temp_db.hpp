// A database file for one test under the build directory, removed (with its -wal and
// -shm companions) before and after. Tests on a real file use it; it never touches the
// source tree or a user's iotprobe.db.
#pragma once

#include <cstdio>
#include <string>

namespace iotprobe::testing {

struct temp_db {
  std::string path;
  explicit temp_db(const char* name) : path(std::string(IOTPROBE_BINARY_DIR) + "/" + name) { clean(); }
  ~temp_db() { clean(); }
  void clean() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  }
};

}  // namespace iotprobe::testing
