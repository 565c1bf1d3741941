// Opens a capture as one stdio stream and hands it to the pcap or pcapng record reader.
// Gzip input is streamed: a zlib gzFile is wrapped in a stdio FILE with fopencookie, so
// nothing is ever decompressed to disk or held whole. No exception crosses the C callbacks.
#include "parsers/darknet/pcap_reader.hpp"

#include "parsers/darknet/packet_decode.hpp"
#include "parsers/darknet/pcap_file_reader.hpp"
#include "parsers/darknet/pcapng_reader.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdio_ext.h>
#include <memory>
#include <string_view>

namespace iotprobe::parsers {
namespace {

constexpr std::uint32_t pcapng_magic = 0x0a0d0d0a;

// The fopencookie side of a gzip stream; `error` keeps zlib's last complaint.
struct gz_cookie {
  gzFile gz = nullptr;
  std::string error;
};

ssize_t gz_cookie_read(void* cookie, char* buf, size_t size) noexcept {
  auto* c = static_cast<gz_cookie*>(cookie);
  const int n = gzread(c->gz, buf, static_cast<unsigned>(std::min<size_t>(size, 1u << 30)));
  int code = Z_OK;
  const char* why = gzerror(c->gz, &code);
  // A cut-off stream reads as a quiet end of file (Z_BUF_ERROR): make it an error, so a
  // gzip truncated at a record boundary is not taken for a complete capture.
  if (n > 0 || (n == 0 && code == Z_OK)) return n;
  const std::string_view text = why != nullptr ? why : "read error";
  const std::size_t colon = text.rfind(": ");  // zlib prefixes the path
  c->error = colon == std::string_view::npos ? text : text.substr(colon + 2);
  errno = EIO;
  return -1;
}

// Only ftell's "where am I" query is supported (for pcapng error offsets).
int gz_cookie_seek(void* cookie, off64_t* offset, int whence) noexcept {
  auto* c = static_cast<gz_cookie*>(cookie);
  if (whence != SEEK_CUR || *offset != 0) return -1;
  *offset = gztell(c->gz);
  return 0;
}

int gz_cookie_close(void* cookie) noexcept {
  auto* c = static_cast<gz_cookie*>(cookie);
  const int rc = gzclose(c->gz);
  delete c;
  return rc == Z_OK ? 0 : -1;
}

struct magic_bytes {
  bool gzip = false;
  bool pcapng = false;
};

// Peeks the first bytes: gzip's 1f 8b, then (through zlib) pcapng's block type.
std::optional<magic_bytes> peek_magic(const std::filesystem::path& file) {
  std::array<unsigned char, 4> raw{};
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) return std::nullopt;
  const std::size_t got = std::fread(raw.data(), 1, raw.size(), f);
  std::fclose(f);
  magic_bytes m;
  m.gzip = got >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;
  if (m.gzip) {
    gzFile gz = gzopen(file.c_str(), "rb");
    if (gz == nullptr) return std::nullopt;
    raw.fill(0);
    gzread(gz, raw.data(), static_cast<unsigned>(raw.size()));
    gzclose(gz);
  }
  std::uint32_t word = 0;
  std::memcpy(&word, raw.data(), sizeof word);
  m.pcapng = word == pcapng_magic;  // the same in both byte orders
  return m;
}

// Opens the capture as one stdio stream: the file itself, or a gzip stream through a
// fopencookie FILE that owns `cookie`. Whoever gets the FILE* closes it.
std::FILE* open_stream(const std::filesystem::path& file, bool gzip, gz_cookie*& cookie,
                       std::string& err) {
  if (!gzip) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr) err = std::strerror(errno);
    if (f != nullptr) std::setvbuf(f, nullptr, _IOFBF, 1u << 18);
    return f;
  }
  gzFile gz = gzopen(file.c_str(), "rb");
  if (gz == nullptr) {
    err = fmt::format("cannot open: {}", std::strerror(errno));
    return nullptr;
  }
  gzbuffer(gz, 1u << 17);
  cookie = new gz_cookie{gz, {}};
  std::FILE* f = fopencookie(cookie, "rb",
                             cookie_io_functions_t{gz_cookie_read, nullptr, gz_cookie_seek,
                                                   gz_cookie_close});
  if (f == nullptr) {
    gz_cookie_close(cookie);
    cookie = nullptr;
    err = "cannot create the decompression stream";
    return nullptr;
  }
  std::setvbuf(f, nullptr, _IOFBF, 1u << 16);
  return f;
}

read_error make_error(const std::filesystem::path& file, std::string message) {
  read_error e;
  e.file = file.string();
  e.message = std::move(message);
  return e;
}

// libpcap still names the link types for people.
read_error unsupported_link(const std::filesystem::path& file, int link) {
  const char* name = pcap_datalink_val_to_name(link);
  return make_error(file, fmt::format("unsupported link type {} ({})", link,
                                      name != nullptr ? name : "unknown"));
}

// Classic pcap through our record reader; it closes `stream`. A gzip complaint
// replaces the reader's "truncated" as the message.
std::optional<read_error> read_pcap(const std::filesystem::path& file, std::FILE* stream,
                                    const gz_cookie* cookie, packet_aggregator& aggregator) {
  auto stop = read_pcap_stream(stream, aggregator);
  std::optional<read_error> out;
  if (stop && stop->unsupported_link >= 0) {
    out = unsupported_link(file, stop->unsupported_link);
  } else if (stop) {
    std::string message = std::move(stop->message);
    if (cookie != nullptr && !cookie->error.empty()) message = "gzip: " + cookie->error;
    if (stop->in_file_header) {
      out = make_error(file, "not a readable pcap/pcapng capture: " + message);
    } else {
      out = make_error(file, std::move(message));
      out->packets_read = stop->packets_read;
      out->byte_offset = stop->byte_offset;
    }
  }
  std::fclose(stream);
  return out;
}

// pcapng is read by our own block reader (several link types per file); it closes
// `stream`, and a gzip complaint replaces the reader's "truncated" as the message.
std::optional<read_error> read_pcapng(const std::filesystem::path& file, std::FILE* stream,
                                      const gz_cookie* cookie, packet_aggregator& aggregator) {
  pcapng_interfaces seen;
  auto stop = read_pcapng_stream(stream, aggregator, seen);
  std::optional<read_error> out;
  if (stop) {
    read_error e = make_error(file, std::move(stop->message));
    if (cookie != nullptr && !cookie->error.empty()) e.message = "gzip: " + cookie->error;
    e.packets_read = stop->packets_read;
    e.byte_offset = stop->byte_offset;
    out = std::move(e);
  } else if (seen.supported == 0 && seen.unsupported != 0) {
    out = unsupported_link(file, seen.first_unsupported_link);
  }
  std::fclose(stream);
  return out;
}

}  // namespace

std::string describe(const read_error& error) {
  std::string out = fmt::format("{}: {}", error.file, error.message);
  if (error.byte_offset) {
    return out + fmt::format(" (after {} packets, at byte offset {})", error.packets_read,
                             *error.byte_offset);
  }
  return error.packets_read == 0 ? out : out + fmt::format(" (after {} packets)", error.packets_read);
}

std::optional<read_error> read_capture(const std::filesystem::path& file,
                                       packet_aggregator& aggregator) {
  const auto magic = peek_magic(file);
  if (!magic) return make_error(file, fmt::format("cannot open: {}", std::strerror(errno)));
  std::string err;
  gz_cookie* cookie = nullptr;
  std::FILE* stream = open_stream(file, magic->gzip, cookie, err);
  if (stream == nullptr) {
    return make_error(file, fmt::format("not a readable pcap/pcapng capture: {}", err));
  }
  // Two freads per packet; this stream is ours alone, so skip stdio's lock.
  __fsetlocking(stream, FSETLOCKING_BYCALLER);
  if (magic->pcapng) return read_pcapng(file, stream, cookie, aggregator);
  return read_pcap(file, stream, cookie, aggregator);
}

}  // namespace iotprobe::parsers
