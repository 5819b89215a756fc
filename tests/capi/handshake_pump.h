// Shared helpers for the C API tests: owning handles, a deterministic random
// source, feeding/draining, and an in-memory pump that plays a client against
// a server. Only the public header is used, as a user of the library would.
#ifndef RTMP_HS_TESTS_CAPI_HANDSHAKE_PUMP_H_
#define RTMP_HS_TESTS_CAPI_HANDSHAKE_PUMP_H_

#include <gtest/gtest.h>
#include <rtmp_handshake.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace capi_test {

using Bytes = std::vector<uint8_t>;

// Sizes of the wire format (PROTOCOL.md section 1).
constexpr size_t kPacket = 1536;             // P1 or P2
constexpr size_t kP0P1 = 1 + kPacket;        // C0+C1, S0+S1
constexpr size_t kFlight = 1 + 2 * kPacket;  // the whole peer stream
constexpr size_t kSignatureAt = 1504;        // P2 signature position

constexpr uint32_t kDefaultClientVersion = 0x80000702;
constexpr uint32_t kDefaultServerVersion = 0x04050001;

struct HandleDeleter {
  void operator()(rtmp_hs *hs) const { rtmp_hs_free(hs); }
};
using Handle = std::unique_ptr<rtmp_hs, HandleDeleter>;

inline uint32_t LoadBe32(const uint8_t *p) {
  return (static_cast<uint32_t>(p[0]) << 24) |
         (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

// Where a P1's digest sits for a scheme, from its offset bytes (PROTOCOL.md
// 4.2): the sum of four unsigned bytes, never a 32-bit integer.
inline size_t DigestOffset(const uint8_t *p1, int scheme) {
  const size_t base = scheme == 0 ? 8 : 772;
  const size_t sum =
      size_t{p1[base]} + p1[base + 1] + p1[base + 2] + p1[base + 3];
  return sum % 728 + (scheme == 0 ? 12 : 776);
}

// Where a P1's 128-byte Diffie-Hellman key sits for a scheme (RTMPE): the
// sum of the key block's last four bytes mod 632, plus 772 or 8.
inline size_t KeyOffset(const uint8_t *p1, int scheme) {
  const size_t block = scheme == 0 ? 772 : 8;
  const size_t at = block + 764 - 4;
  const size_t sum = size_t{p1[at]} + p1[at + 1] + p1[at + 2] + p1[at + 3];
  return sum % 632 + block;
}

// A reproducible random source (splitmix64). It records every request and
// can be told to fail one call, or all of them.
struct TestRandom {
  explicit TestRandom(uint64_t seed) : state(seed) {}
  uint64_t state;
  int fail_call = 0;  // 1-based call number that fails; 0 never; -1 always
  std::vector<size_t> call_lengths;
};

inline uint64_t SplitMix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

inline int TestRandomFill(void *ctx, uint8_t *buf, size_t len) {
  auto *r = static_cast<TestRandom *>(ctx);
  r->call_lengths.push_back(len);
  const int call = static_cast<int>(r->call_lengths.size());
  if (r->fail_call == -1 || r->fail_call == call) {
    return 1;
  }
  for (size_t i = 0; i < len; ++i) {
    buf[i] = static_cast<uint8_t>(SplitMix64(&r->state));
  }
  return 0;
}

// Options applied to a fresh handle; unset fields keep the defaults.
struct Settings {
  std::optional<uint32_t> version;
  std::optional<uint32_t> time;
  int scheme = RTMP_HS_SCHEME_AUTO;
  uint32_t flags = 0;
  int encryption = 0;  // rtmp_hs_set_encryption: a type, or a server's mask
};

// A handle plus the random source it draws from (seed 0: the OS default).
class Peer {
 public:
  explicit Peer(int role, uint64_t seed = 0, const Settings &s = Settings())
      : random_(seed), hs_(rtmp_hs_new(role)) {
    EXPECT_NE(hs_, nullptr);
    if (seed != 0) {
      EXPECT_EQ(rtmp_hs_set_random(hs_.get(), TestRandomFill, &random_),
                RTMP_HS_OK);
    }
    if (s.version) {
      EXPECT_EQ(rtmp_hs_set_version(hs_.get(), *s.version), RTMP_HS_OK);
    }
    if (s.time) {
      EXPECT_EQ(rtmp_hs_set_time(hs_.get(), *s.time), RTMP_HS_OK);
    }
    EXPECT_EQ(rtmp_hs_set_scheme(hs_.get(), s.scheme), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_set_flags(hs_.get(), s.flags), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_set_encryption(hs_.get(), s.encryption), RTMP_HS_OK);
  }
  Peer(const Peer &) = delete;
  Peer &operator=(const Peer &) = delete;

  rtmp_hs *get() const { return hs_.get(); }
  TestRandom &random() { return random_; }

 private:
  TestRandom random_;  // must outlive the handle that points at it
  Handle hs_;
};

inline Bytes DrainAll(rtmp_hs *hs) {
  Bytes out(rtmp_hs_pending(hs));
  const size_t n = rtmp_hs_drain(hs, out.data(), out.size());
  EXPECT_EQ(n, out.size());
  EXPECT_EQ(rtmp_hs_pending(hs), 0u);
  return out;
}

struct Fed {
  int status;
  size_t consumed;
};

inline Fed Feed(rtmp_hs *hs, const uint8_t *data, size_t len) {
  Fed f{1, ~size_t{0}};  // values no call leaves behind
  f.status = rtmp_hs_feed(hs, data, len, &f.consumed);
  return f;
}

inline Fed Feed(rtmp_hs *hs, const Bytes &b, size_t off = 0,
                size_t len = ~size_t{0}) {
  if (len > b.size() - off) {
    len = b.size() - off;
  }
  return Feed(hs, b.data() + off, len);
}

inline Bytes Concat(const Bytes &a, const Bytes &b) {
  Bytes out(a);
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

inline Bytes Slice(const Bytes &b, size_t off, size_t len) {
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(off),
               b.begin() + static_cast<std::ptrdiff_t>(off + len));
}

// Bytes each side sent, in order.
struct Wire {
  Bytes to_server;  // C0 C1 C2
  Bytes to_client;  // S0 S1 S2

  Bytes c0c1() const { return Slice(to_server, 0, kP0P1); }
  Bytes c1() const { return Slice(to_server, 1, kPacket); }
  Bytes c2() const { return Slice(to_server, kP0P1, kPacket); }
  Bytes s1() const { return Slice(to_client, 1, kPacket); }
  Bytes s2() const { return Slice(to_client, kP0P1, kPacket); }
};

// Drains `from` and feeds it to `to`, at most `piece` bytes per feed, the way
// a socket would deliver it. Returns how many bytes moved.
inline size_t Relay(rtmp_hs *from, rtmp_hs *to, size_t piece, Bytes *wire) {
  const Bytes out = DrainAll(from);
  wire->insert(wire->end(), out.begin(), out.end());
  for (size_t off = 0; off < out.size();) {
    const size_t n = out.size() - off < piece ? out.size() - off : piece;
    const Fed f = Feed(to, out.data() + off, n);
    if (f.status != RTMP_HS_OK) {
      break;  // `to` gave up: like a closed connection, the rest is lost
    }
    // Nothing that belongs to the handshake is left unconsumed.
    EXPECT_EQ(f.consumed, n);
    off += n;
  }
  return out.size();
}

// Runs client and server against each other until neither has output left.
inline Wire Pump(rtmp_hs *client, rtmp_hs *server, size_t piece = ~size_t{0}) {
  Wire wire;
  rtmp_hs_start(client);
  rtmp_hs_start(server);
  while (Relay(client, server, piece, &wire.to_server) +
             Relay(server, client, piece, &wire.to_client) >
         0) {
  }
  return wire;
}

}  // namespace capi_test

#endif  // RTMP_HS_TESTS_CAPI_HANDSHAKE_PUMP_H_
