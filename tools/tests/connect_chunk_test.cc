// The `connect` the demo's clients send: exact bytes, and chunking.
#include "rtmp/connect_chunk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rtmp/chunk_peek.h"

namespace rtmphs::cli {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(ConnectChunk, ExactBytesForApp) {
  const Bytes expected = {
      // basic header fmt 0 csid 3; timestamp 0; length 35; type 20; stream 0
      0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x23, 0x14, 0x00, 0x00, 0x00, 0x00,
      // "connect"
      0x02, 0x00, 0x07, 'c', 'o', 'n', 'n', 'e', 'c', 't',
      // 1.0
      0x00, 0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // {app: "demo"}
      0x03, 0x00, 0x03, 'a', 'p', 'p', 0x02, 0x00, 0x04, 'd', 'e', 'm', 'o',
      0x00, 0x00, 0x09};
  EXPECT_EQ(BuildConnectChunks("demo"), expected);
}

TEST(ConnectChunk, LongBodySplitsIntoFmt3Chunks) {
  const std::string app(300, 'a');
  const Bytes body = BuildConnectBody(app);
  const Bytes chunks = BuildConnectChunks(app);
  ASSERT_EQ(body.size(), 331U);  // 31 + 300
  // 12-byte header + body + one 0xC3 byte before each further 128 bytes
  ASSERT_EQ(chunks.size(), 12 + body.size() + 2);
  EXPECT_EQ(chunks[4], 0x00);
  EXPECT_EQ(chunks[5], 0x01);
  EXPECT_EQ(chunks[6], 0x4B);  // 331
  EXPECT_EQ(chunks[12 + 128], 0xC3);
  EXPECT_EQ(chunks[12 + 128 + 1 + 128], 0xC3);
  Bytes reassembled(chunks.begin() + 12, chunks.begin() + 140);
  reassembled.insert(reassembled.end(), chunks.begin() + 141,
                     chunks.begin() + 269);
  reassembled.insert(reassembled.end(), chunks.begin() + 270, chunks.end());
  EXPECT_EQ(reassembled, body);
}

TEST(ConnectChunk, ThePeekerReadsIt) {
  for (const char *app : {"", "live", "a/very/long/application/name"}) {
    const Bytes chunks = BuildConnectChunks(app);
    std::string name;
    ASSERT_EQ(PeekFirstCommand(chunks.data(), chunks.size(), &name),
              ParseStatus::kOk);
    EXPECT_EQ(name, "connect");
  }
}

}  // namespace
}  // namespace rtmphs::cli
