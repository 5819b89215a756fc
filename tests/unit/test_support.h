// Shared helpers of the unit suite: vector files, hex, the PROTOCOL.md 9.3
// test packet, a deterministic random source and an in-memory exchange.
#ifndef RTMPHS_TESTS_UNIT_TEST_SUPPORT_H_
#define RTMPHS_TESTS_UNIT_TEST_SUPPORT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest_scheme.h"
#include "handshake.h"
#include "status.h"

namespace rtmphs::unit {

using Packet = std::array<uint8_t, kPacketSize>;

// Contents of RTMP_HS_VECTORS_DIR/name; empty when it cannot be read, so a
// size assertion reports a missing file.
std::vector<uint8_t> ReadVector(const std::string &name);

std::vector<uint8_t> FromHex(std::string_view hex);
std::string ToHex(const uint8_t *data, size_t size);
template <typename Container>
std::string ToHex(const Container &c) {
  return ToHex(c.data(), c.size());
}

// Test packet T of PROTOCOL.md 9.3: time 0, version 0x80000702,
// T[i] = i mod 256 for i = 8..1535, no digest inserted.
Packet MakeTestPacketT();

// Copies 1536 bytes starting at p.
Packet PacketAt(const uint8_t *p);

// A RandomFn that writes next, next + 1, ... (mod 256) and counts what it
// gave out: reproducible output, and a record of how much was consumed.
struct CountingRandom {
  uint8_t next = 0;
  size_t calls = 0;
  size_t bytes = 0;

  static int Fill(void *ctx, uint8_t *buf, size_t len);
};

// What each side put on the wire, and the first failure of each side's feed.
struct Transcript {
  std::vector<uint8_t> client_sent;  // C0 C1 C2
  std::vector<uint8_t> server_sent;  // S0 S1 S2
  Status client_status = Status::kOk;
  Status server_status = Status::kOk;
};

// Starts the client and passes bytes both ways, in pieces of at most chunk
// bytes, until neither side has anything more to say.
Transcript RunExchange(Handshake &client, Handshake &server, size_t chunk);

// The scheme FindP1Digest reports for p1 (-1: none); fails the test if the
// search itself fails.
int FoundScheme(const uint8_t *p1, Party sender);

// Whether p2 carries a valid signature over digest; fails the test if the
// computation itself fails.
bool Verifies(const uint8_t *p2, const uint8_t *digest, Party signer);

// Views into a side's flight (P0 + P1 + P2, 3073 bytes).
inline const uint8_t *P1Of(const std::vector<uint8_t> &flight) {
  return flight.data() + 1;
}
inline const uint8_t *P2Of(const std::vector<uint8_t> &flight) {
  return flight.data() + kP1End;
}

}  // namespace rtmphs::unit

#endif  // RTMPHS_TESTS_UNIT_TEST_SUPPORT_H_
