// The replay main's mutator (see mutator.hpp). The operations follow libFuzzer's own
// (MutationDispatcher): they reach length fields, delimiters and structure boundaries
// that the parsers check, without any coverage feedback.
#include "tests/fuzz/mutator.hpp"

#include <array>
#include <cstring>

namespace iotprobe::testing {
namespace {

// Bytes that parsers treat specially: separators, quotes, markup, NUL, high bytes.
constexpr std::array<char, 24> interesting_bytes{
    '\0', '\r', '\n', '\t', ' ', ':', ';', '=', ',', '"', '\'', '<', '>', '/', '&', '#', '%',
    '\\', '(', '[', '{', '\x7f', '\x80', '\xff'};

// Lengths and counts that trip off-by-one and overflow checks.
constexpr std::array<std::uint32_t, 14> interesting_integers{
    0, 1, 2, 7, 8, 16, 0x7f, 0xff, 0xffff, 0x10000, 0x40000, 0x7fffffff, 0x80000000, 0xffffffff};

}  // namespace

mutator::mutator(std::vector<std::string> corpus, std::uint64_t seed, std::size_t max_bytes)
    : corpus_(std::move(corpus)), rng_(seed), max_bytes_(max_bytes) {}

std::uint64_t mutator::below(std::uint64_t n) { return rng_() % n; }

const std::string& mutator::pick() {
  static const std::string empty;
  return corpus_.empty() ? empty : corpus_[below(corpus_.size())];
}

std::string mutator::next() {
  std::string s = pick();
  const std::uint64_t rounds = 1 + below(8);
  for (std::uint64_t i = 0; i < rounds; ++i) mutate_once(s);
  if (s.size() > max_bytes_) s.resize(max_bytes_);
  return s;
}

void mutator::mutate_once(std::string& s) {
  if (s.empty()) {
    insert_bytes(s);
    return;
  }
  switch (below(10)) {
    case 0: s[below(s.size())] ^= static_cast<char>(1u << below(8)); break;
    case 1: s[below(s.size())] = static_cast<char>(below(256)); break;
    case 2: s[below(s.size())] = interesting_bytes[below(interesting_bytes.size())]; break;
    case 3: insert_bytes(s); break;
    case 4: erase_bytes(s); break;
    case 5: copy_within(s); break;
    case 6: put_integer(s); break;
    case 7: splice(s); break;
    case 8: s.resize(below(s.size() + 1)); break;
    default: {  // repeat one byte, as in a run of padding or a long token
      const std::size_t at = below(s.size() + 1);
      const char c = s[below(s.size())];
      s.insert(at, 1 + below(below(2) == 0 ? 8 : 512), c);
    }
  }
}

void mutator::insert_bytes(std::string& s) {
  const std::size_t at = below(s.size() + 1);
  std::string bytes(1 + below(16), '\0');
  for (char& c : bytes)
    c = below(2) == 0 ? static_cast<char>(below(256))
                      : interesting_bytes[below(interesting_bytes.size())];
  s.insert(at, bytes);
}

void mutator::erase_bytes(std::string& s) {
  const std::size_t at = below(s.size());
  s.erase(at, 1 + below(s.size() / 4 + 1));
}

void mutator::copy_within(std::string& s) {
  const std::size_t from = below(s.size());
  const std::string chunk = s.substr(from, 1 + below(std::min<std::size_t>(s.size() - from, 64)));
  const std::size_t to = below(s.size() + 1);
  if (below(2) == 0) s.insert(to, chunk);
  else s.replace(to, chunk.size(), chunk);
}

// An integer of 1, 2 or 4 bytes in either byte order, possibly off by one: the length
// and count fields of binary formats (pcap, pcapng) are where readers go wrong.
void mutator::put_integer(std::string& s) {
  std::uint32_t v = interesting_integers[below(interesting_integers.size())];
  if (below(3) == 0) v += below(2) == 0 ? 1u : static_cast<std::uint32_t>(-1);
  const std::size_t width = std::size_t{1} << below(3);
  if (s.size() < width) return;
  const std::size_t at = below(s.size() - width + 1);
  const bool big_endian = below(2) == 0;
  for (std::size_t k = 0; k < width; ++k) {
    const std::size_t shift = 8 * (big_endian ? width - 1 - k : k);
    s[at + k] = static_cast<char>((v >> shift) & 0xff);
  }
}

// A prefix of this input followed by a suffix of another corpus input.
void mutator::splice(std::string& s) {
  const std::string& other = pick();
  if (other.empty()) return;
  s.resize(below(s.size() + 1));
  s += other.substr(below(other.size()));
}

}  // namespace iotprobe::testing
