// The per-(source, day) table behind the Mirai extractor. Linear probing over a
// power-of-two array, at most 3/4 full; a source's port set stays inline until its 5th
// port, then moves to a fixed-size sorted chunk. Never allocates on the per-packet path
// except when the table grows or a source spills.
#include "parsers/darknet/mirai_sources.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <new>
#include <utility>

namespace iotprobe::parsers {
namespace {

constexpr std::size_t initial_capacity = 1024;

std::uint32_t key_of(std::int32_t day) noexcept {
  return static_cast<std::uint32_t>(day) ^ 0x80000000u;
}
std::int32_t day_of_key(std::uint32_t key) noexcept {
  return static_cast<std::int32_t>(key ^ 0x80000000u);
}

// The home slot is the top bits of a multiplicative hash: doubling the table sends slot
// i to 2i or 2i+1, so growing rehashes in one sequential sweep instead of a million
// random writes.
std::size_t home_slot(std::uint32_t ip, std::uint32_t day_key, std::size_t capacity) noexcept {
  const std::uint64_t key = (std::uint64_t{day_key} << 32) | ip;
  const int bits = std::countr_zero(capacity);
  return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

std::uint64_t sort_key(const source_day& d) noexcept {
  return (std::uint64_t{d.ip} << 32) | key_of(d.day);
}

// LSD radix sort by (ip, day) in 16-bit digits; a digit that is the same in every row
// (the day's, in a one-day capture) costs one counting pass and no move.
void sort_by_ip_then_day(std::vector<source_day>& rows) {
  // A few rows (a small capture) do not pay for four passes over 65,536 counters.
  constexpr std::size_t comparison_sort_below = 4096;
  if (rows.size() < comparison_sort_below) {
    std::sort(rows.begin(), rows.end(),
              [](const source_day& a, const source_day& b) { return sort_key(a) < sort_key(b); });
    return;
  }
  std::vector<source_day> scratch;
  scratch.reserve(rows.size());
  advise_huge_pages(scratch.data(), rows.size() * sizeof(source_day));
  scratch.resize(rows.size());
  std::vector<std::size_t> count(1u << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (const source_day& d : rows) ++count[(sort_key(d) >> shift) & 0xffff];
    if (std::find(count.begin(), count.end(), rows.size()) != count.end()) continue;
    std::size_t total = 0;
    for (std::size_t& c : count) total += std::exchange(c, total);
    for (const source_day& d : rows) scratch[count[(sort_key(d) >> shift) & 0xffff]++] = d;
    rows.swap(scratch);
  }
}

}  // namespace

void advise_huge_pages(const void* data, std::size_t bytes) noexcept {
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

void source_table::slot_pages::operator()(slot* p) const noexcept {
  if (p != nullptr) munmap(p, bytes);
}

source_table::slot_array source_table::allocate(std::size_t count) {
  const std::size_t bytes = count * sizeof(slot);
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  madvise(p, bytes, MADV_HUGEPAGE);  // a hint: ignored where huge pages are off
  return slot_array(static_cast<slot*>(p), slot_pages{bytes});
}

source_table::source_table(std::uint32_t port_cap)
    : port_cap_(std::max<std::uint32_t>(port_cap, 1)),
      slots_(allocate(initial_capacity)),
      capacity_(initial_capacity) {}

void source_table::prefetch(std::uint32_t ip, std::int32_t day) const noexcept {
  const slot* s = &slots_.get()[home_slot(ip, key_of(day), capacity_)];
  __builtin_prefetch(s, 1);
  __builtin_prefetch(reinterpret_cast<const char*>(s) + sizeof(slot) - 1, 1);  // may straddle
}

void source_table::add(std::uint32_t ip, std::int32_t day, std::uint32_t unix_seconds, hit what,
                       std::uint16_t dst_port, std::uint32_t dst_addr) {
  slot& s = find_or_insert(ip, key_of(day));
  if (what == hit::mirai_syn && s.dsts_count < mirai_destination_cap &&
      std::find(s.dsts, s.dsts + s.dsts_count, dst_addr) == s.dsts + s.dsts_count)
    s.dsts[s.dsts_count++] = dst_addr;
  ++s.counts[static_cast<int>(what)];
  if (s.counts[0] + s.counts[1] + s.counts[2] == 1) {
    s.first_seen = s.last_seen = unix_seconds;
  } else {
    s.first_seen = std::min(s.first_seen, unix_seconds);
    s.last_seen = std::max(s.last_seen, unix_seconds);
  }
  if (s.ports_count < port_cap_) add_port(s, dst_port);
}

source_table::slot& source_table::find_or_insert(std::uint32_t ip, std::uint32_t day_key) {
  const std::size_t mask = capacity_ - 1;
  for (std::size_t i = home_slot(ip, day_key, capacity_);; i = (i + 1) & mask) {
    slot& s = slots_.get()[i];
    if (s.ip == ip && s.day_key == day_key) return s;
    if (s.day_key != 0) continue;
    if ((size_ + 1) * 4 > capacity_ * 3) {
      grow();
      return find_or_insert(ip, day_key);
    }
    ++size_;
    s.ip = ip;
    s.day_key = day_key;
    return s;
  }
}

void source_table::grow() {
  slot_array old = allocate(capacity_ * 2);
  old.swap(slots_);
  const std::size_t old_capacity = capacity_;
  capacity_ *= 2;
  for (std::size_t j = 0; j < old_capacity; ++j) {
    const slot& s = old.get()[j];
    if (s.day_key == 0) continue;
    std::size_t i = home_slot(s.ip, s.day_key, capacity_);
    while (slots_.get()[i].day_key != 0) i = (i + 1) & (capacity_ - 1);
    slots_.get()[i] = s;
  }
}

void source_table::add_port(slot& s, std::uint16_t port) {
  if (s.chunk == 0) {
    for (std::uint32_t i = 0; i < s.ports_count; ++i) {
      if (s.ports[i] == port) return;
    }
    if (s.ports_count < inline_ports) {
      s.ports[s.ports_count++] = port;
      return;
    }
    spill(s, port);
    return;
  }
  std::uint16_t* first = chunks_.data() + std::size_t{s.chunk - 1} * port_cap_;
  std::uint16_t* last = first + s.ports_count;
  std::uint16_t* at = std::lower_bound(first, last, port);
  if (at != last && *at == port) return;
  std::copy_backward(at, last, last + 1);
  *at = port;
  ++s.ports_count;
}

// Moves a full inline set plus `port` into a sorted chunk (the cap is > inline_ports here).
void source_table::spill(slot& s, std::uint16_t port) {
  s.chunk = static_cast<std::uint32_t>(chunks_.size() / port_cap_) + 1;
  chunks_.resize(chunks_.size() + port_cap_);
  std::uint16_t* first = chunks_.data() + std::size_t{s.chunk - 1} * port_cap_;
  std::copy(s.ports, s.ports + inline_ports, first);
  first[inline_ports] = port;
  s.ports_count = inline_ports + 1;
  std::sort(first, first + s.ports_count);
}

const std::uint16_t* source_table::ports_of(const slot& s) const noexcept {
  return s.chunk == 0 ? s.ports : chunks_.data() + std::size_t{s.chunk - 1} * port_cap_;
}

source_days source_table::finish() {
  source_days out;
  out.rows.reserve(size_);
  advise_huge_pages(out.rows.data(), size_ * sizeof(source_day));
  for (std::size_t i = 0; i < capacity_; ++i) {
    const slot& s = slots_.get()[i];
    if (s.day_key == 0) continue;
    source_day row;
    row.ip = s.ip;
    row.day = day_of_key(s.day_key);
    row.mirai_syns = s.counts[0];
    row.other_syns = s.counts[1];
    row.udp = s.counts[2];
    row.first_seen = s.first_seen;
    row.last_seen = s.last_seen;
    std::copy(s.dsts, s.dsts + s.dsts_count, row.mirai_dsts.begin());
    row.mirai_dsts_count = s.dsts_count;
    row.ports_offset = static_cast<std::uint32_t>(out.ports.size());
    row.ports_count = s.ports_count;
    const std::uint16_t* p = ports_of(s);
    out.ports.insert(out.ports.end(), p, p + s.ports_count);
    std::sort(out.ports.end() - s.ports_count, out.ports.end());
    out.rows.push_back(row);
  }
  slots_ = allocate(initial_capacity);
  capacity_ = initial_capacity;
  size_ = 0;
  chunks_ = {};
  sort_by_ip_then_day(out.rows);
  return out;
}

}  // namespace iotprobe::parsers
