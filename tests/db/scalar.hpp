// One-number queries for the db tests: runs `sql` and returns the first column of its
// first row, failing the test when there is no row. Test-only; never used on a store
// that matters.
#pragma once

#include "db/sqlite.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

namespace iotprobe::testing {

inline std::int64_t scalar(db::database& db, const std::string& sql) {
  db::statement s{db, sql};
  db::cursor c = s.open();
  REQUIRE(c.next());
  return c.int64(0);
}

}  // namespace iotprobe::testing
