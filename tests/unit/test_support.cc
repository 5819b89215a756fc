#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

#include "rtmpe/signature_transform.h"

namespace rtmphs::unit {
namespace {

int HexNibble(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// Feeds data to hs in pieces of at most chunk bytes. Stops at the first
// failure or once hs consumes less than it was given (handshake over).
Status FeedInPieces(Handshake &hs, const std::vector<uint8_t> &data,
                    size_t chunk) {
  size_t pos = 0;
  while (pos < data.size()) {
    const size_t n = std::min(chunk, data.size() - pos);
    size_t consumed = 0;
    const Status s = hs.Feed(data.data() + pos, n, &consumed);
    if (s != Status::kOk) {
      return s;
    }
    pos += consumed;
    if (consumed < n) {
      break;
    }
  }
  return Status::kOk;
}

std::vector<uint8_t> DrainAll(Handshake &hs) {
  std::vector<uint8_t> out(hs.Pending());
  out.resize(hs.Drain(out.data(), out.size()));
  return out;
}

}  // namespace

std::vector<uint8_t> ReadVector(const std::string &name) {
  std::ifstream in(std::string(RTMP_HS_VECTORS_DIR) + "/" + name,
                   std::ios::binary);
  if (!in) {
    return {};
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = HexNibble(hex[i]);
    const int lo = HexNibble(hex[i + 1]);
    out.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::string ToHex(const uint8_t *data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
  return out;
}

Packet MakeTestPacketT() {
  Packet t{};
  t[4] = 0x80;
  t[5] = 0x00;
  t[6] = 0x07;
  t[7] = 0x02;
  for (size_t i = 8; i < t.size(); ++i) {
    t[i] = static_cast<uint8_t>(i % 256);
  }
  return t;
}

Packet PacketAt(const uint8_t *p) {
  Packet out;
  std::memcpy(out.data(), p, out.size());
  return out;
}

int CountingRandom::Fill(void *ctx, uint8_t *buf, size_t len) {
  auto *self = static_cast<CountingRandom *>(ctx);
  for (size_t i = 0; i < len; ++i) {
    buf[i] = self->next++;
  }
  ++self->calls;
  self->bytes += len;
  return 0;
}

Transcript RunExchange(Handshake &client, Handshake &server, size_t chunk) {
  Transcript t;
  t.client_status = client.Start();
  // Each round trip moves at least one flight; a handshake needs three.
  for (int round = 0; round < 8; ++round) {
    const std::vector<uint8_t> to_server = DrainAll(client);
    t.client_sent.insert(t.client_sent.end(), to_server.begin(),
                         to_server.end());
    if (t.server_status == Status::kOk) {
      t.server_status = FeedInPieces(server, to_server, chunk);
    }
    const std::vector<uint8_t> to_client = DrainAll(server);
    t.server_sent.insert(t.server_sent.end(), to_client.begin(),
                         to_client.end());
    if (t.client_status == Status::kOk) {
      t.client_status = FeedInPieces(client, to_client, chunk);
    }
    if (to_server.empty() && to_client.empty() && client.Pending() == 0) {
      break;
    }
  }
  return t;
}

int FoundScheme(const uint8_t *p1, Party sender) {
  int found = -2;
  EXPECT_EQ(FindP1Digest(p1, sender, &found), Status::kOk);
  return found;
}

bool Verifies(const uint8_t *p2, const uint8_t *digest, Party signer) {
  bool valid = false;
  EXPECT_EQ(VerifyTransformedSignature(p2, digest, signer, 0, &valid),
            Status::kOk);
  return valid;
}

}  // namespace rtmphs::unit
