// The new-connections-per-second limit: a token bucket with an explicit clock value, so
// tests drive time by hand. Pure arithmetic: it never sleeps, never reads a clock itself.
#pragma once

#include <algorithm>
#include <chrono>

namespace iotprobe::prober {

class token_bucket {
 public:
  using clock = std::chrono::steady_clock;

  // `rate` tokens per second, at most `burst` stored (burst >= 1); starts full.
  token_bucket(double rate, double burst, clock::time_point now)
      : rate_(rate), burst_(std::max(1.0, burst)), tokens_(burst_), last_(now) {}

  // Takes one token if available at `now`.
  bool try_take(clock::time_point now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // How long after `now` until one token is available (zero if one is).
  clock::duration wait_time(clock::time_point now) {
    refill(now);
    if (tokens_ >= 1.0) return clock::duration::zero();
    const double seconds = (1.0 - tokens_) / rate_;
    return std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds)) +
           clock::duration(1);
  }

  double tokens() const { return tokens_; }

 private:
  void refill(clock::time_point now) {
    if (now <= last_) return;
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
  }

  double rate_;
  double burst_;
  double tokens_;
  clock::time_point last_;
};

}  // namespace iotprobe::prober
