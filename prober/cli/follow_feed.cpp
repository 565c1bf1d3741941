// The stdin and growing-file feeds of `follow` (see follow_feed.hpp). Reads happen in
// handlers on the io thread: the pipe through async_read_some, files (which never block)
// in bounded chunks per handler so one busy file cannot starve the probes.
#include "prober/cli/follow_feed.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace iotprobe::cli {
namespace {

constexpr std::size_t chunk_bytes = 64 * 1024;
constexpr std::size_t chunks_per_turn = 16;  // then yield to the loop

class stdin_feed final : public byte_feed {
 public:
  stdin_feed(boost::asio::io_context& io, feed_events events)
      : io_(io), pipe_(io), events_(std::move(events)) {}
  ~stdin_feed() override { stop(); }

  void start() override {
    struct stat st {};
    regular_ = fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);
    if (regular_) {
      boost::asio::post(io_, [this, alive = alive_] { if (*alive) read_regular(); });
      return;
    }
    boost::system::error_code ec;
    pipe_.assign(::dup(STDIN_FILENO), ec);
    if (ec) return finish("cannot read stdin: " + ec.message());
    read_pipe();
  }
  void stop() override {
    *alive_ = false;
    boost::system::error_code ignored;
    if (pipe_.is_open()) pipe_.close(ignored);
  }

 private:
  void finish(const std::string& why) {
    if (!*alive_) return;
    stop();
    if (events_.ended) events_.ended(why);
  }
  void read_pipe() {
    pipe_.async_read_some(boost::asio::buffer(buffer_),
                          [this, alive = alive_](const boost::system::error_code& ec, std::size_t n) {
                            if (!*alive) return;
                            if (n > 0 && events_.data) events_.data({buffer_.data(), n});
                            if (!*alive) return;
                            if (ec == boost::asio::error::eof) return finish("");
                            if (ec) return finish("stdin: " + ec.message());
                            read_pipe();
                          });
  }
  void read_regular() {
    for (std::size_t i = 0; i < chunks_per_turn && *alive_; ++i) {
      const ssize_t n = ::read(STDIN_FILENO, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return finish(std::string("stdin: ") + std::strerror(errno));
      if (n == 0) return finish("");
      if (events_.data) events_.data({buffer_.data(), static_cast<std::size_t>(n)});
    }
    if (*alive_) boost::asio::post(io_, [this, alive = alive_] { if (*alive) read_regular(); });
  }

  boost::asio::io_context& io_;
  boost::asio::posix::stream_descriptor pipe_;
  feed_events events_;
  std::array<std::uint8_t, chunk_bytes> buffer_{};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool regular_ = false;
};

class file_feed final : public byte_feed {
 public:
  file_feed(boost::asio::io_context& io, std::string path, std::chrono::milliseconds poll,
            feed_events events)
      : timer_(io), path_(std::move(path)), poll_(poll), events_(std::move(events)) {}
  ~file_feed() override { stop(); }

  void start() override { tick(); }
  void stop() override {
    *alive_ = false;
    timer_.cancel();
    close_file();
  }

 private:
  void close_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // Opens the file now at the path; every open after the first is a new file (restart).
  bool open_file() {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd_ < 0 || fstat(fd_, &st) != 0) {
      close_file();
      return false;
    }
    inode_ = st.st_ino;
    device_ = st.st_dev;
    offset_ = 0;
    if (opened_before_ && events_.restart) events_.restart();
    opened_before_ = true;
    return true;
  }
  // At the end of the open file: a new file at the path (rotated) or a shorter one
  // (truncated) starts over; true when reading should go on now.
  bool rotated() {
    struct stat at_path {}, open_file_st {};
    if (stat(path_.c_str(), &at_path) == 0 && (at_path.st_ino != inode_ || at_path.st_dev != device_)) {
      close_file();
      return open_file();  // if it fails, the next poll opens it
    }
    if (fstat(fd_, &open_file_st) == 0 && open_file_st.st_size < offset_) {
      ::lseek(fd_, 0, SEEK_SET);
      offset_ = 0;
      if (events_.restart) events_.restart();
      return true;
    }
    return false;
  }
  void tick() {
    if (!*alive_) return;
    if (fd_ < 0 && !open_file()) return schedule(poll_);
    for (std::size_t i = 0; i < chunks_per_turn && *alive_; ++i) {
      const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        offset_ += n;
        if (events_.data) events_.data({buffer_.data(), static_cast<std::size_t>(n)});
        continue;
      }
      if (n == 0 && rotated()) continue;
      return schedule(poll_);  // at the end (or a read error, retried at the next poll)
    }
    schedule(std::chrono::milliseconds(0));
  }
  void schedule(std::chrono::milliseconds after) {
    if (!*alive_) return;
    timer_.expires_after(after);
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
      if (!ec && *alive) tick();
    });
  }

  boost::asio::steady_timer timer_;
  std::string path_;
  std::chrono::milliseconds poll_;
  feed_events events_;
  std::array<std::uint8_t, chunk_bytes> buffer_{};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  int fd_ = -1;
  ino_t inode_ = 0;
  dev_t device_ = 0;
  off_t offset_ = 0;
  bool opened_before_ = false;
};

}  // namespace

std::unique_ptr<byte_feed> open_stdin_feed(boost::asio::io_context& io, feed_events events) {
  return std::make_unique<stdin_feed>(io, std::move(events));
}

std::unique_ptr<byte_feed> open_file_feed(boost::asio::io_context& io, std::string path,
                                          std::chrono::milliseconds poll, feed_events events) {
  return std::make_unique<file_feed>(io, std::move(path), poll, std::move(events));
}

}  // namespace iotprobe::cli
