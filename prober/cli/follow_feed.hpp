// Byte feeds for `follow`: stdin (a pipe from tcpdump or any producer, read with an Asio
// stream descriptor so the loop never blocks; a regular file on stdin is read in posted
// chunks) and a file that is still growing, polled like `tail -f` and reopened when it is
// rotated (a new inode at the path, or the file shrank). They deliver bytes on the io
// thread and never interpret them.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace iotprobe::cli {

struct feed_events {
  std::function<void(std::span<const std::uint8_t>)> data;
  std::function<void()> restart;  // rotation: the next bytes begin a new file
  // stdin reached its end ("" ) or failed (why); a growing file never ends.
  std::function<void(const std::string& error)> ended;
};

class byte_feed {
 public:
  virtual ~byte_feed() = default;
  virtual void start() = 0;
  virtual void stop() = 0;  // no event is delivered after it
};

std::unique_ptr<byte_feed> open_stdin_feed(boost::asio::io_context& io, feed_events events);
// `path` need not exist yet; it is polled every `poll`.
std::unique_ptr<byte_feed> open_file_feed(boost::asio::io_context& io, std::string path,
                                          std::chrono::milliseconds poll, feed_events events);

}  // namespace iotprobe::cli
