// The first-command reader of `serve`: chunk headers in every form, real
// `connect` chunks, and hostile input (truncation, huge lengths, wrong types,
// extended timestamps, random bytes).
#include "rtmp/chunk_peek.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "rtmp/connect_chunk.h"

namespace rtmphs::cli {
namespace {

using Bytes = std::vector<uint8_t>;

ParseStatus Peek(const Bytes &b, std::string *name) {
  return PeekFirstCommand(b.data(), b.size(), name);
}

// A fmt-0 chunk on chunk stream 3: header, then `payload`.
Bytes Fmt0(uint32_t timestamp, uint32_t length, uint8_t type,
           const Bytes &payload) {
  Bytes b;
  b.reserve(12 + payload.size());  // also keeps GCC 12's -Warray-bounds calm
  b.push_back(0x03);
  for (int shift = 16; shift >= 0; shift -= 8) {
    b.push_back(static_cast<uint8_t>(timestamp >> shift));
  }
  for (int shift = 16; shift >= 0; shift -= 8) {
    b.push_back(static_cast<uint8_t>(length >> shift));
  }
  b.push_back(type);
  b.resize(12, 0);  // message stream 0
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

// An AMF0 string: marker, u16 length, bytes.
Bytes Amf0String(const std::string &s) {
  Bytes b;
  b.reserve(3 + s.size());
  b.push_back(0x02);
  b.push_back(static_cast<uint8_t>(s.size() >> 8));
  b.push_back(static_cast<uint8_t>(s.size()));
  b.insert(b.end(), s.begin(), s.end());
  return b;
}

TEST(ChunkHeader, OneByteBasicHeaderFmt0) {
  const Bytes b = {0x03, 0x00, 0x00, 0x01, 0x00, 0x00,
                   0x23, 0x14, 0x01, 0x00, 0x00, 0x00};
  ChunkHeader h;
  ASSERT_EQ(ParseChunkHeader(b.data(), b.size(), &h), ParseStatus::kOk);
  EXPECT_EQ(h.fmt, 0);
  EXPECT_EQ(h.csid, 3U);
  EXPECT_EQ(h.timestamp, 1U);
  EXPECT_EQ(h.length, 0x23U);
  EXPECT_EQ(h.type_id, 20);
  EXPECT_EQ(h.stream_id, 1U);  // little-endian on the wire
  EXPECT_FALSE(h.extended_timestamp);
  EXPECT_EQ(h.size, 12U);
}

TEST(ChunkHeader, TwoAndThreeByteBasicHeaders) {
  ChunkHeader h;
  Bytes two = {0x00, 0x05};  // fmt 0, id 64 + 5
  two.resize(2 + 11);
  ASSERT_EQ(ParseChunkHeader(two.data(), two.size(), &h), ParseStatus::kOk);
  EXPECT_EQ(h.csid, 69U);
  EXPECT_EQ(h.size, 13U);

  Bytes three = {0x41, 0x10, 0x02};  // fmt 1, id 64 + 0x10 + 0x02 * 256
  three.resize(3 + 7);
  ASSERT_EQ(ParseChunkHeader(three.data(), three.size(), &h), ParseStatus::kOk);
  EXPECT_EQ(h.fmt, 1);
  EXPECT_EQ(h.csid, 592U);
  EXPECT_EQ(h.size, 10U);
  EXPECT_FALSE(h.has_stream_id);

  Bytes highest = {0xC1, 0xFF, 0xFF};  // fmt 3: no message header
  ASSERT_EQ(ParseChunkHeader(highest.data(), highest.size(), &h),
            ParseStatus::kOk);
  EXPECT_EQ(h.csid, 65599U);
  EXPECT_EQ(h.size, 3U);
  EXPECT_FALSE(h.has_length_and_type);
}

TEST(ChunkHeader, MessageHeaderSizePerFormat) {
  const size_t expected[4] = {12, 8, 4, 1};
  for (uint8_t fmt = 0; fmt < 4; ++fmt) {
    Bytes b(20, 0);
    b[0] = static_cast<uint8_t>(fmt << 6 | 3);
    ChunkHeader h;
    ASSERT_EQ(ParseChunkHeader(b.data(), b.size(), &h), ParseStatus::kOk);
    EXPECT_EQ(h.size, expected[fmt]) << "fmt " << int{fmt};
    EXPECT_EQ(h.has_length_and_type, fmt <= 1);
  }
}

TEST(ChunkHeader, ExtendedTimestampFollowsTheMessageHeader) {
  Bytes b = Fmt0(0xFFFFFF, 5, 20, {0x01, 0x02, 0x03, 0x04});
  ChunkHeader h;
  ASSERT_EQ(ParseChunkHeader(b.data(), b.size(), &h), ParseStatus::kOk);
  EXPECT_TRUE(h.extended_timestamp);
  EXPECT_EQ(h.timestamp, 0x01020304U);
  EXPECT_EQ(h.size, 16U);
  // Without its 4 bytes the header is not complete.
  EXPECT_EQ(ParseChunkHeader(b.data(), 15, &h), ParseStatus::kNeedMore);

  Bytes fmt2 = {0x83, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x07};
  ASSERT_EQ(ParseChunkHeader(fmt2.data(), fmt2.size(), &h), ParseStatus::kOk);
  EXPECT_EQ(h.timestamp, 7U);
  EXPECT_EQ(h.size, 8U);
}

TEST(ChunkHeader, EveryProperPrefixNeedsMore) {
  const Bytes full = Fmt0(0xFFFFFF, 1, 20, {0, 0, 0, 9});
  for (size_t len = 0; len < full.size(); ++len) {
    ChunkHeader h;
    EXPECT_EQ(ParseChunkHeader(full.data(), len, &h), ParseStatus::kNeedMore)
        << len;
  }
  const Bytes three = {0x01, 0x00};  // 3-byte basic header, cut
  ChunkHeader h;
  EXPECT_EQ(ParseChunkHeader(three.data(), three.size(), &h),
            ParseStatus::kNeedMore);
}

TEST(PeekFirstCommand, ReadsOurConnectChunk) {
  const Bytes b = BuildConnectChunks("live");
  std::string name;
  ASSERT_EQ(Peek(b, &name), ParseStatus::kOk);
  EXPECT_EQ(name, "connect");
}

TEST(PeekFirstCommand, ReadsFfmpegConnectSpanningTwoChunks) {
  // The start of the `connect` FFmpeg 5.1 sent after publishing's handshake,
  // captured on loopback: a 140-byte message, so its first chunk carries
  // 128 payload bytes.
  const Bytes b = {0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8c, 0x14, 0x00,
                   0x00, 0x00, 0x00, 0x02, 0x00, 0x07, 0x63, 0x6f, 0x6e,
                   0x6e, 0x65, 0x63, 0x74, 0x00, 0x3f, 0xf0, 0x00, 0x00,
                   0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, 0x61, 0x70,
                   0x70, 0x02, 0x00, 0x04, 0x6c, 0x69, 0x76, 0x65};
  std::string name;
  ASSERT_EQ(Peek(b, &name), ParseStatus::kOk);
  EXPECT_EQ(name, "connect");
}

TEST(PeekFirstCommand, NeedsMoreUntilTheNameIsComplete) {
  const Bytes b = Fmt0(0, 20, 20, Amf0String("publish"));
  for (size_t len = 0; len < b.size(); ++len) {
    std::string name;
    EXPECT_EQ(PeekFirstCommand(b.data(), len, &name), ParseStatus::kNeedMore)
        << len;
  }
  std::string name;
  EXPECT_EQ(Peek(b, &name), ParseStatus::kOk);
  EXPECT_EQ(name, "publish");
}

TEST(PeekFirstCommand, ExtendedTimestampBeforeThePayload) {
  Bytes b = Fmt0(0xFFFFFF, 12, 20, {0x12, 0x34, 0x56, 0x78});
  const Bytes name_bytes = Amf0String("connect");
  b.insert(b.end(), name_bytes.begin(), name_bytes.end());
  std::string name;
  ASSERT_EQ(Peek(b, &name), ParseStatus::kOk);
  EXPECT_EQ(name, "connect");
}

TEST(PeekFirstCommand, OtherMessageTypesAreNotCommands) {
  for (int type : {1, 4, 8, 9, 15, 17, 18, 19, 22, 0, 255}) {
    const Bytes b =
        Fmt0(0, 20, static_cast<uint8_t>(type), Amf0String("connect"));
    std::string name;
    EXPECT_EQ(Peek(b, &name), ParseStatus::kInvalid) << type;
  }
}

TEST(PeekFirstCommand, FirstChunkWithoutATypeIsNotACommand) {
  // fmt 2 and 3 refer to an earlier message that a stream's first chunk
  // cannot have.
  const Bytes fmt2 = {0x83, 0, 0, 0, 0x02, 0x00, 0x01, 'x'};
  const Bytes fmt3 = {0xC3, 0x02, 0x00, 0x01, 'x'};
  std::string name;
  EXPECT_EQ(Peek(fmt2, &name), ParseStatus::kInvalid);
  EXPECT_EQ(Peek(fmt3, &name), ParseStatus::kInvalid);
}

TEST(PeekFirstCommand, Fmt1CarriesTheTypeToo) {
  Bytes b = {0x43, 0, 0, 0, 0, 0, 10, 20};
  const Bytes name_bytes = Amf0String("connect");
  b.insert(b.end(), name_bytes.begin(), name_bytes.end());
  std::string name;
  ASSERT_EQ(Peek(b, &name), ParseStatus::kOk);
  EXPECT_EQ(name, "connect");
}

TEST(PeekFirstCommand, PayloadNotStartingWithAnAmf0String) {
  std::string name;
  // number, null, object markers: decided from the first payload byte
  for (int marker : {0x00, 0x05, 0x03, 0x0C}) {
    const Bytes b = Fmt0(0, 20, 20, {static_cast<uint8_t>(marker)});
    EXPECT_EQ(Peek(b, &name), ParseStatus::kInvalid) << marker;
  }
  EXPECT_EQ(Peek(Fmt0(0, 0, 20, {}), &name), ParseStatus::kInvalid);
  // a message too short to hold the string's length
  EXPECT_EQ(Peek(Fmt0(0, 2, 20, {0x02, 0x00}), &name), ParseStatus::kInvalid);
}

TEST(PeekFirstCommand, NameLongerThanTheMessageOrFirstChunk) {
  std::string name;
  // the name claims 0xFFFF bytes: decided at once, without waiting for them
  EXPECT_EQ(Peek(Fmt0(0, 0xFFFFFF, 20, {0x02, 0xFF, 0xFF}), &name),
            ParseStatus::kInvalid);
  // 10 bytes of name in a 5-byte message
  EXPECT_EQ(Peek(Fmt0(0, 5, 20, {0x02, 0x00, 0x0A}), &name),
            ParseStatus::kInvalid);
  // 126 bytes of name: 129 > the 128 payload bytes of the first chunk
  EXPECT_EQ(Peek(Fmt0(0, 300, 20, {0x02, 0x00, 126}), &name),
            ParseStatus::kInvalid);
  // 125 bytes is the longest that fits
  const std::string longest(125, 'n');
  ASSERT_EQ(Peek(Fmt0(0, 300, 20, Amf0String(longest)), &name),
            ParseStatus::kOk);
  EXPECT_EQ(name, longest);
}

TEST(PeekFirstCommand, HugeMessageLengthWithAShortName) {
  std::string name;
  ASSERT_EQ(Peek(Fmt0(0, 0xFFFFFF, 20, Amf0String("connect")), &name),
            ParseStatus::kOk);
  EXPECT_EQ(name, "connect");
}

TEST(PeekFirstCommand, NameBytesAreReturnedAsSent) {
  const std::string odd("a\0\xff\"\n", 5);
  std::string name;
  ASSERT_EQ(Peek(Fmt0(0, 8, 20, Amf0String(odd)), &name), ParseStatus::kOk);
  EXPECT_EQ(name, odd);
  ASSERT_EQ(Peek(Fmt0(0, 3, 20, Amf0String("")), &name), ParseStatus::kOk);
  EXPECT_EQ(name, "");
}

TEST(PeekFirstCommand, DecisionNeverChangesAsBytesArrive) {
  // Random streams, many of them shaped like type-20 chunks: once a prefix
  // decides, every longer prefix gives the same answer, and the decision
  // comes within the first chunk. Run under ASan, this also shows that no
  // byte past `len` is read (each prefix is its own allocation).
  // A fixed seed: a failure must be reproducible.
  std::mt19937 rng(20240601);  // NOLINT(cert-msc32-c,cert-msc51-cpp)
  for (int round = 0; round < 5000; ++round) {
    Bytes stream(kFirstChunkMaxSize + 8);
    std::generate(stream.begin(), stream.end(),
                  [&rng] { return static_cast<uint8_t>(rng()); });
    if (round % 2 == 0) {
      stream[0] = static_cast<uint8_t>(stream[0] & 0x7F);  // fmt 0 or 1
      stream[7] = 20;
      stream[12] = 0x02;
      stream[13] = 0;
      stream[14] = static_cast<uint8_t>(stream[14] & 0x7F);
    }
    ParseStatus decided = ParseStatus::kNeedMore;
    std::string decided_name;
    for (size_t len = 0; len <= stream.size(); ++len) {
      const Bytes prefix(stream.begin(),
                         stream.begin() + static_cast<std::ptrdiff_t>(len));
      std::string name;
      const ParseStatus status = Peek(prefix, &name);
      if (decided == ParseStatus::kNeedMore) {
        decided = status;
        decided_name = name;
      } else {
        ASSERT_EQ(status, decided) << "round " << round << " len " << len;
        ASSERT_EQ(name, decided_name);
      }
    }
    ASSERT_NE(decided, ParseStatus::kNeedMore) << "round " << round;
  }
}

}  // namespace
}  // namespace rtmphs::cli
