// A small deterministic mutator for the replay main (every build, no libFuzzer): fresh
// inputs from a corpus by seeded bit flips, byte sets, inserts, deletes, copies,
// interesting integers and splices. The same seed and corpus give the same inputs on
// every machine (only std::mt19937_64's raw output is used). Never used by production code.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace iotprobe::testing {

class mutator {
 public:
  // `corpus` may be empty (fresh inputs then grow from nothing); inputs never exceed
  // `max_bytes`.
  mutator(std::vector<std::string> corpus, std::uint64_t seed, std::size_t max_bytes);

  // The next fresh input: a corpus input (or a splice of two) with 1 to 8 mutations.
  std::string next();

 private:
  std::uint64_t below(std::uint64_t n);  // uniform enough in [0, n), n > 0
  const std::string& pick();
  void mutate_once(std::string& s);
  void insert_bytes(std::string& s);
  void erase_bytes(std::string& s);
  void copy_within(std::string& s);
  void put_integer(std::string& s);
  void splice(std::string& s);

  std::vector<std::string> corpus_;
  std::mt19937_64 rng_;
  std::size_t max_bytes_;
};

}  // namespace iotprobe::testing
