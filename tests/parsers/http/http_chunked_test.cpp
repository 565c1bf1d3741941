// decode_chunked on its own: extensions, LF-only ends, trailers, bad sizes, cut-off
// chunks and sizes a device cannot mean (no allocation follows a claimed size).
#include "parsers/http/http_chunked.hpp"

#include <catch2/catch.hpp>

using iotprobe::parsers::decode_chunked;

TEST_CASE("complete chunked bodies", "[chunked]") {
  const auto plain = decode_chunked("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n", 1000);
  CHECK(plain.body == "Wikipedia");
  CHECK(plain.complete);
  CHECK_FALSE(plain.truncated);
  CHECK(plain.problem.empty());

  const auto lf = decode_chunked("3;ext=\"a;b\"\nabc\na  \nhelloworld\n0\nTrailer: x\n\n", 1000);
  CHECK(lf.body == "abchelloworld");
  CHECK(lf.complete);
}

TEST_CASE("bad sizes and cut-off chunks keep what was decoded", "[chunked]") {
  const auto bad = decode_chunked("3\r\nabc\r\n-1\r\nxyz", 1000);
  CHECK(bad.body == "abc");
  CHECK_FALSE(bad.complete);
  CHECK(bad.problem == "bad chunk size \"-1\" at offset 8");

  const auto junk = decode_chunked("3 x\r\nabc", 1000);
  CHECK(junk.body.empty());
  CHECK(junk.problem == "bad chunk size \"3 x\" at offset 0");

  const auto huge = decode_chunked("1000000000000000\r\nabc", 1000);  // 16 hex digits
  CHECK(huge.body.empty());
  CHECK_THAT(huge.problem, Catch::StartsWith("bad chunk size"));

  const auto cut = decode_chunked("a\r\n12345", 1000);
  CHECK(cut.body == "12345");
  CHECK(cut.problem == "chunk at offset 3 cut off: 5 of 10 bytes");

  const auto no_last = decode_chunked("2\r\nab\r\n", 1000);
  CHECK(no_last.body == "ab");
  CHECK(no_last.problem == "body ended at offset 7 before the last chunk");

  const auto no_lf = decode_chunked("2", 1000);
  CHECK(no_lf.body.empty());
  CHECK_THAT(no_lf.problem, Catch::StartsWith("bad chunk size \"2\""));
}

TEST_CASE("the output cap stops decoding, whatever size is claimed", "[chunked]") {
  const auto r = decode_chunked("fffffffffffffff\r\nabcdef", 4);
  CHECK(r.body == "abcd");
  CHECK(r.truncated);
  CHECK_FALSE(r.complete);
  CHECK(r.problem.empty());
}
