// Input a peer (or something that is not an RTMP peer) can send: every
// P0 value, TLS and HTTP openings, truncated streams, and P1 digests or P2
// signatures corrupted in transit.
#include <cstring>
#include <memory>
#include <string>

#include "handshake_pump.h"

namespace capi_test {
namespace {

// The four-byte openings the library must recognise as HTTP.
const char *const kHttpTokens[] = {"GET ", "POST", "PUT ", "HEAD",
                                   "HTTP", "OPTI", "DELE", "CONN",
                                   "PATC", "TRAC", "PRI "};

bool IsTlsRecordType(int b) { return b >= 20 && b <= 23; }

bool StartsAnHttpToken(int b) {
  for (const char *t : kHttpTokens) {
    if (static_cast<uint8_t>(t[0]) == b) {
      return true;
    }
  }
  return false;
}

Bytes Text(const std::string &s) { return Bytes(s.begin(), s.end()); }

// A handle ready for the peer's first byte: a server as created, a client
// started with its C0+C1 drained.
Handle Receiver(int role) {
  Handle hs(rtmp_hs_new(role));
  EXPECT_EQ(rtmp_hs_start(hs.get()), RTMP_HS_OK);
  DrainAll(hs.get());
  return hs;
}

void ExpectStickyFailure(rtmp_hs *hs, int code) {
  EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_error(hs), code);
  EXPECT_EQ(rtmp_hs_pending(hs), 0u);
  EXPECT_EQ(rtmp_hs_needed(hs), 0u);
  const Bytes more(10, 3);
  for (int i = 0; i < 2; ++i) {
    const Fed f = Feed(hs, more);
    EXPECT_EQ(f.status, code);
    EXPECT_EQ(f.consumed, 0u);
  }
  EXPECT_EQ(rtmp_hs_start(hs), code);
}

// The code for a P0 that is neither 3 nor another protocol's first byte: a
// server that enables no encryption says an encrypted type is unsupported.
int WrongP0Code(int role, int v) {
  return role == RTMP_HS_SERVER && (v == 6 || v == 8 || v == 9)
             ? RTMP_HS_ERR_UNSUPPORTED
             : RTMP_HS_ERR_VERSION;
}

class P0Values : public ::testing::TestWithParam<int> {};

TEST_P(P0Values, EveryValueFollowedByZeros) {
  for (int v = 0; v < 256; ++v) {
    SCOPED_TRACE(v);
    Handle hs = Receiver(GetParam());
    Bytes input(kP0P1, 0);
    input[0] = static_cast<uint8_t>(v);
    const Fed f = Feed(hs.get(), input);
    EXPECT_EQ(rtmp_hs_peer_p0(hs.get()), v);
    if (v == 3) {
      EXPECT_EQ(f.status, RTMP_HS_OK);
      EXPECT_EQ(f.consumed, kP0P1);
      EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_IN_PROGRESS);
      EXPECT_EQ(rtmp_hs_needed(hs.get()), kPacket);
    } else {
      EXPECT_EQ(f.status, WrongP0Code(GetParam(), v));
      ExpectStickyFailure(hs.get(), WrongP0Code(GetParam(), v));
    }
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(P0Values, EveryValueFollowedByATlsMajorVersion) {
  for (int v = 0; v < 256; ++v) {
    SCOPED_TRACE(v);
    Handle hs = Receiver(GetParam());
    Bytes input(kP0P1, 0);
    input[0] = static_cast<uint8_t>(v);
    input[1] = 0x03;
    const Fed f = Feed(hs.get(), input);
    const int expected = v == 3               ? RTMP_HS_OK
                         : IsTlsRecordType(v) ? RTMP_HS_ERR_TLS
                                              : WrongP0Code(GetParam(), v);
    EXPECT_EQ(f.status, expected);
    if (expected == RTMP_HS_OK) {
      EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_IN_PROGRESS);
    } else {
      ExpectStickyFailure(hs.get(), expected);
    }
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(P0Values, EveryValueAloneIsJudgedOrAwaitsTheNextByte) {
  for (int v = 0; v < 256; ++v) {
    SCOPED_TRACE(v);
    Handle hs = Receiver(GetParam());
    const uint8_t byte = static_cast<uint8_t>(v);
    const Fed f = Feed(hs.get(), &byte, 1);
    EXPECT_EQ(rtmp_hs_peer_p0(hs.get()), v);
    if (v == 3 || IsTlsRecordType(v) || StartsAnHttpToken(v)) {
      EXPECT_EQ(f.status, RTMP_HS_OK);
      EXPECT_EQ(f.consumed, 1u);
      EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_IN_PROGRESS);
      EXPECT_EQ(rtmp_hs_needed(hs.get()), kFlight - 1);
    } else {
      EXPECT_EQ(f.status, WrongP0Code(GetParam(), v));
      ExpectStickyFailure(hs.get(), WrongP0Code(GetParam(), v));
    }
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(P0Values, EveryHttpTokenAndItsNearMisses) {
  for (const char *token : kHttpTokens) {
    SCOPED_TRACE(token);
    Handle hs = Receiver(GetParam());
    const Bytes text = Text(std::string(token) + "/ HTTP/1.1\r\n\r\n");
    // A prefix waits; the fourth byte decides.
    for (size_t i = 0; i < 3; ++i) {
      const Fed f = Feed(hs.get(), &text[i], 1);
      EXPECT_EQ(f.status, RTMP_HS_OK);
      EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_IN_PROGRESS);
    }
    EXPECT_EQ(Feed(hs.get(), text, 3).status, RTMP_HS_ERR_HTTP);
    ExpectStickyFailure(hs.get(), RTMP_HS_ERR_HTTP);

    Handle miss = Receiver(GetParam());
    Bytes wrong = text;
    wrong[3] = 0x00;  // completes no token
    EXPECT_EQ(Feed(miss.get(), wrong).status, RTMP_HS_ERR_VERSION);
    ExpectStickyFailure(miss.get(), RTMP_HS_ERR_VERSION);
  }
}

INSTANTIATE_TEST_SUITE_P(Roles, P0Values,
                         ::testing::Values(RTMP_HS_SERVER, RTMP_HS_CLIENT),
                         [](const ::testing::TestParamInfo<int> &param_info) {
                           return param_info.param == RTMP_HS_SERVER
                                      ? "ServerC0"
                                      : "ClientS0";
                         });

struct Opening {
  const char *name;
  int role;  // who receives it
  Bytes bytes;
  int code;
  size_t decided_at;  // index of the byte that settles it
};

Bytes TlsClientHello() {
  // Record header (handshake, TLS 1.0 record version, length 512), then the
  // start of a ClientHello for TLS 1.2.
  Bytes b = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03};
  b.resize(517, 0x2A);
  return b;
}

class ForeignOpening : public ::testing::TestWithParam<Opening> {};

TEST_P(ForeignOpening, FedWhole) {
  Handle hs(rtmp_hs_new(GetParam().role));
  ASSERT_EQ(rtmp_hs_start(hs.get()), RTMP_HS_OK);
  // A client's C0+C1 is left undrained: failing discards it.
  const Fed f = Feed(hs.get(), GetParam().bytes);
  EXPECT_EQ(f.status, GetParam().code);
  EXPECT_LE(f.consumed, GetParam().bytes.size());
  ExpectStickyFailure(hs.get(), GetParam().code);
}

TEST_P(ForeignOpening, FedOneByteAtATime) {
  Handle hs = Receiver(GetParam().role);
  const Bytes &b = GetParam().bytes;
  for (size_t i = 0; i < b.size(); ++i) {
    SCOPED_TRACE(i);
    const Fed f = Feed(hs.get(), &b[i], 1);
    if (i < GetParam().decided_at) {
      EXPECT_EQ(f.status, RTMP_HS_OK);
      EXPECT_EQ(f.consumed, 1u);
      EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_IN_PROGRESS);
    } else {
      EXPECT_EQ(f.status, GetParam().code);
      // After the failing call nothing is consumed any more.
      EXPECT_LE(f.consumed, i == GetParam().decided_at ? 1u : 0u);
      EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_FAILED);
      EXPECT_EQ(rtmp_hs_error(hs.get()), GetParam().code);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Peers, ForeignOpening,
    ::testing::Values(
        Opening{"TlsClientHelloToServer", RTMP_HS_SERVER, TlsClientHello(),
                RTMP_HS_ERR_TLS, 1},
        Opening{"TlsAlertToClient",
                RTMP_HS_CLIENT,
                {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46},
                RTMP_HS_ERR_TLS,
                1},
        Opening{"TlsServerHelloToClient",
                RTMP_HS_CLIENT,
                {0x16, 0x03, 0x03, 0x00, 0x5A, 0x02, 0x00, 0x00, 0x56},
                RTMP_HS_ERR_TLS,
                1},
        Opening{"HttpGetToServer", RTMP_HS_SERVER,
                Text("GET / HTTP/1.1\r\nHost: 127.0.0.1:1935\r\n"
                     "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"),
                RTMP_HS_ERR_HTTP, 3},
        Opening{"Http2PrefaceToServer", RTMP_HS_SERVER,
                Text("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), RTMP_HS_ERR_HTTP, 3},
        Opening{"Http400ToClient", RTMP_HS_CLIENT,
                Text("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n"),
                RTMP_HS_ERR_HTTP, 3},
        Opening{"TlsTypeWithoutMajor3",
                RTMP_HS_SERVER,
                {0x16, 0x02, 0x00},
                RTMP_HS_ERR_VERSION,
                1},
        Opening{"HttpPrefixThenMismatch", RTMP_HS_SERVER, Text("GEX / "),
                RTMP_HS_ERR_VERSION, 2}),
    [](const ::testing::TestParamInfo<Opening> &param_info) {
      return std::string(param_info.param.name);
    });

// A valid peer stream cut at every length never completes and keeps count.
class Truncated : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    Settings s;
    if (!GetParam()) {
      s.version = 0;
    }
    client_settings_ = s;
    Peer client(RTMP_HS_CLIENT, 1, client_settings_);
    Peer server(RTMP_HS_SERVER, 2);
    reference_ = Pump(client.get(), server.get());
    ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  }

  static void ExpectWaiting(rtmp_hs *hs, const Fed &f, size_t len) {
    EXPECT_EQ(f.status, RTMP_HS_OK);
    EXPECT_EQ(f.consumed, len);
    EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(rtmp_hs_error(hs), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_needed(hs), kFlight - len);
    EXPECT_EQ(rtmp_hs_peer_verified(hs), 0);
  }

  Settings client_settings_;
  Wire reference_;
};

TEST_P(Truncated, ServerStreamCutAtEveryLength) {
  for (size_t len = 0; len < kFlight; ++len) {
    SCOPED_TRACE(len);
    Peer client(RTMP_HS_CLIENT, 1, client_settings_);
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    const Fed f = Feed(client.get(), reference_.to_client, 0, len);
    ExpectWaiting(client.get(), f, len);
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(Truncated, ClientStreamCutAtEveryLength) {
  for (size_t len = 0; len < kFlight; ++len) {
    SCOPED_TRACE(len);
    Peer server(RTMP_HS_SERVER, 2);
    const Fed f = Feed(server.get(), reference_.to_server, 0, len);
    ExpectWaiting(server.get(), f, len);
    EXPECT_EQ(rtmp_hs_pending(server.get()), len >= kP0P1 ? kFlight : 0u);
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(Truncated, ByteByByteTheCountGoesDownToZeroOnlyAtTheEnd) {
  Peer server(RTMP_HS_SERVER, 2);
  for (size_t i = 0; i < kFlight; ++i) {
    EXPECT_EQ(rtmp_hs_needed(server.get()), kFlight - i);
    EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(Feed(server.get(), reference_.to_server, i, 1).consumed, 1u);
  }
  EXPECT_EQ(rtmp_hs_needed(server.get()), 0u);
  EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
}

INSTANTIATE_TEST_SUITE_P(Modes, Truncated, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &param_info) {
                           return param_info.param ? "Digest" : "Original";
                         });

// Digests and signatures corrupted in transit, in each digest scheme.
class Corrupted : public ::testing::TestWithParam<int> {
 protected:
  static constexpr uint64_t kClientSeed = 61;
  static constexpr uint64_t kServerSeed = 62;

  void SetUp() override {
    Peer client(RTMP_HS_CLIENT, kClientSeed, Client(0));
    Peer server(RTMP_HS_SERVER, kServerSeed, Server(0));
    reference_ = Pump(client.get(), server.get());
    ASSERT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_DIGEST);
    ASSERT_EQ(rtmp_hs_peer_scheme(server.get()), GetParam());
    ASSERT_EQ(rtmp_hs_peer_scheme(client.get()), GetParam());
  }

  Settings Client(uint32_t flags) const {
    Settings s;
    s.scheme = GetParam();
    s.flags = flags;
    return s;
  }
  Settings Server(uint32_t flags) const {
    Settings s;
    s.flags = flags;  // AUTO mirrors the client's scheme
    return s;
  }

  // Where the digest of a P1 written in this test's scheme sits.
  size_t DigestAt(const Bytes &p1) const {
    return DigestOffset(p1.data(), GetParam());
  }

  Wire reference_;
};

TEST_P(Corrupted, DigestOffsetHelperAgreesWithTheScheme) {
  const size_t c1_at = DigestAt(reference_.c1());
  const size_t s1_at = DigestAt(reference_.s1());
  const size_t lo = GetParam() == 0 ? 12 : 776;
  for (size_t at : {c1_at, s1_at}) {
    EXPECT_GE(at, lo);
    EXPECT_LE(at, lo + 727);
  }
}

TEST_P(Corrupted, C1DigestByteChanged) {
  for (size_t j : {0u, 17u, 31u}) {
    Bytes c0c1 = reference_.c0c1();
    const size_t at = 1 + DigestAt(reference_.c1()) + j;
    SCOPED_TRACE(at);
    c0c1[at] ^= 0x80;

    // Lenient server: no digest found, so it falls back to the original
    // handshake and echoes exactly what it received.
    Peer server(RTMP_HS_SERVER, kServerSeed, Server(0));
    EXPECT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), -1);
    EXPECT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_SIMPLE);
    EXPECT_EQ(rtmp_hs_peer_version(server.get()), kDefaultClientVersion);
    const Bytes s0s1s2 = DrainAll(server.get());
    ASSERT_EQ(s0s1s2.size(), kFlight);
    EXPECT_EQ(Slice(s0s1s2, kP0P1, kPacket), Slice(c0c1, 1, kPacket));

    // The client's own C1 was intact: that echo does not match it.
    for (uint32_t flags : {0u, static_cast<uint32_t>(RTMP_HS_VERIFY_P2)}) {
      Peer client(RTMP_HS_CLIENT, kClientSeed, Client(flags));
      ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
      const Fed f = Feed(client.get(), s0s1s2);
      EXPECT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_SIMPLE);
      EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 0);
      if (flags == 0) {
        EXPECT_EQ(f.status, RTMP_HS_OK);
        EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
      } else {
        EXPECT_EQ(f.status, RTMP_HS_ERR_SIGNATURE);
        ExpectStickyFailure(client.get(), RTMP_HS_ERR_SIGNATURE);
      }
    }

    Peer strict(RTMP_HS_SERVER, kServerSeed, Server(RTMP_HS_REQUIRE_DIGEST));
    EXPECT_EQ(Feed(strict.get(), c0c1).status, RTMP_HS_ERR_DIGEST);
    ExpectStickyFailure(strict.get(), RTMP_HS_ERR_DIGEST);
  }
}

TEST_P(Corrupted, S1DigestByteChanged) {
  for (size_t j : {0u, 31u}) {
    Bytes s0s1s2 = reference_.to_client;
    const size_t at = 1 + DigestAt(reference_.s1()) + j;
    SCOPED_TRACE(at);
    s0s1s2[at] ^= 0x01;

    // The client falls back to echoing S1; S2 is still validly signed.
    Peer client(RTMP_HS_CLIENT, kClientSeed, Client(RTMP_HS_VERIFY_P2));
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    DrainAll(client.get());
    EXPECT_EQ(Feed(client.get(), s0s1s2).status, RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_peer_scheme(client.get()), -1);
    EXPECT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_SIMPLE);
    EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 1);
    const Bytes c2 = DrainAll(client.get());
    EXPECT_EQ(c2, Slice(s0s1s2, 1, kPacket));

    // That echo is of the corrupted S1, so the server cannot verify it.
    for (uint32_t flags : {0u, static_cast<uint32_t>(RTMP_HS_VERIFY_P2)}) {
      Peer server(RTMP_HS_SERVER, kServerSeed, Server(flags));
      EXPECT_EQ(Feed(server.get(), reference_.c0c1()).status, RTMP_HS_OK);
      const Fed f = Feed(server.get(), c2);
      EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
      EXPECT_EQ(f.status, flags == 0 ? RTMP_HS_OK : RTMP_HS_ERR_SIGNATURE);
    }

    Peer strict(RTMP_HS_CLIENT, kClientSeed, Client(RTMP_HS_REQUIRE_DIGEST));
    ASSERT_EQ(rtmp_hs_start(strict.get()), RTMP_HS_OK);
    EXPECT_EQ(Feed(strict.get(), s0s1s2).status, RTMP_HS_ERR_DIGEST);
    ExpectStickyFailure(strict.get(), RTMP_HS_ERR_DIGEST);
  }
}

TEST_P(Corrupted, P2SignatureByteChanged) {
  for (size_t j = 0; j < 32; ++j) {
    SCOPED_TRACE(j);
    for (uint32_t flags : {0u, static_cast<uint32_t>(RTMP_HS_VERIFY_P2)}) {
      const int expected = flags == 0 ? RTMP_HS_OK : RTMP_HS_ERR_SIGNATURE;

      Bytes s0s1s2 = reference_.to_client;
      s0s1s2[kP0P1 + kSignatureAt + j] ^= 0x40;
      Peer client(RTMP_HS_CLIENT, kClientSeed, Client(flags));
      ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
      EXPECT_EQ(Feed(client.get(), s0s1s2).status, expected);
      EXPECT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_DIGEST);
      EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 0);

      Bytes c2 = reference_.c2();
      c2[kSignatureAt + j] ^= 0x40;
      Peer server(RTMP_HS_SERVER, kServerSeed, Server(flags));
      EXPECT_EQ(Feed(server.get(), reference_.c0c1()).status, RTMP_HS_OK);
      EXPECT_EQ(Feed(server.get(), c2).status, expected);
      EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
      EXPECT_EQ(rtmp_hs_state(server.get()),
                flags == 0 ? RTMP_HS_DONE : RTMP_HS_FAILED);
    }
    if (HasFailure()) {
      break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Schemes, Corrupted, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int> &param_info) {
                           return "Scheme" + std::to_string(param_info.param);
                         });

}  // namespace
}  // namespace capi_test
