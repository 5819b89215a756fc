// The encrypted handshake (RTMPE types 6, 8, 9) through the C API: our
// client against our server in every type and fragmentation, RC4 traffic
// both ways afterwards (the leftovers of the completing feed included, at
// every split), the strict rules (no downgrade, no type outside the mask),
// the options, and SWF verification.
#include <string>
#include <tuple>
#include <utility>

#include "handshake_pump.h"

namespace capi_test {
namespace {

constexpr uint64_t kClientSeed = 61;
constexpr uint64_t kServerSeed = 62;
constexpr int kAllTypes = (1 << 6) | (1 << 8) | (1 << 9);

Settings Encrypting(int types) {
  Settings s;
  s.encryption = types;
  return s;
}

// A recognisable plaintext: what would be an RTMP chunk stream.
Bytes Plaintext(size_t n, uint8_t salt) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) {
    b[i] = static_cast<uint8_t>(i * 7 + salt);
  }
  return b;
}

Bytes Encrypted(rtmp_hs *hs, Bytes b) {
  EXPECT_EQ(rtmp_hs_encrypt(hs, b.data(), b.size()), RTMP_HS_OK);
  return b;
}

Bytes Decrypted(rtmp_hs *hs, Bytes b) {
  EXPECT_EQ(rtmp_hs_decrypt(hs, b.data(), b.size()), RTMP_HS_OK);
  return b;
}

// Sends `message` each way, encrypted, in two pieces split at `split`.
void ExpectTrafficBothWays(rtmp_hs *client, rtmp_hs *server, size_t split) {
  for (const bool to_server : {true, false}) {
    SCOPED_TRACE(to_server ? "client to server" : "server to client");
    rtmp_hs *from = to_server ? client : server;
    rtmp_hs *to = to_server ? server : client;
    const Bytes message = Plaintext(300, to_server ? 1 : 2);
    const Bytes cipher = Encrypted(from, message);
    EXPECT_NE(cipher, message);
    Bytes first = Slice(cipher, 0, split);
    Bytes second = Slice(cipher, split, cipher.size() - split);
    first = Decrypted(to, first);
    second = Decrypted(to, second);
    EXPECT_EQ(Concat(first, second), message);
  }
}

class EncryptedExchange
    : public ::testing::TestWithParam<std::tuple<int, size_t>> {};

TEST_P(EncryptedExchange, CompletesAndEncryptsBothWays) {
  const int type = std::get<0>(GetParam());
  const size_t piece = std::get<1>(GetParam());
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
  Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  const Wire wire = Pump(client.get(), server.get(), piece);
  ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  ASSERT_EQ(wire.to_server.size(), kFlight);
  ASSERT_EQ(wire.to_client.size(), kFlight);
  EXPECT_EQ(wire.to_server[0], type);  // C0 is the type asked for
  EXPECT_EQ(wire.to_client[0], type);  // S0 answers with it
  for (rtmp_hs *hs : {client.get(), server.get()}) {
    EXPECT_EQ(rtmp_hs_mode(hs), RTMP_HS_MODE_ENCRYPTED);
    EXPECT_EQ(rtmp_hs_encryption_type(hs), type);
    EXPECT_EQ(rtmp_hs_peer_verified(hs), 1);
    EXPECT_NE(rtmp_hs_peer_scheme(hs), -1);
  }
  ExpectTrafficBothWays(client.get(), server.get(), piece % 300);
}

INSTANTIATE_TEST_SUITE_P(
    TypesAndPieces, EncryptedExchange,
    ::testing::Combine(::testing::Values(6, 8, 9),
                       ::testing::Values(size_t{1}, size_t{2}, size_t{7},
                                         size_t{128}, size_t{1535},
                                         size_t{1536}, size_t{1537},
                                         size_t{3072}, size_t{3073},
                                         ~size_t{0})),
    [](const ::testing::TestParamInfo<std::tuple<int, size_t>> &param_info) {
      const size_t piece = std::get<1>(param_info.param);
      return "Type" + std::to_string(std::get<0>(param_info.param)) + "Piece" +
             (piece == ~size_t{0} ? "All" : std::to_string(piece));
    });

// A server's P1 and P2 scheme mirror the client's; each scheme both ways.
TEST(EncryptedExchangeSchemes, EachClientSchemeAndEachServerScheme) {
  for (const int client_scheme : {0, 1}) {
    for (const int server_scheme : {int{RTMP_HS_SCHEME_AUTO}, 0, 1}) {
      SCOPED_TRACE(client_scheme * 10 + server_scheme);
      Settings cs = Encrypting(9);
      cs.scheme = client_scheme;
      Settings ss = Encrypting(1 << 9);
      ss.scheme = server_scheme;
      Peer client(RTMP_HS_CLIENT, kClientSeed, cs);
      Peer server(RTMP_HS_SERVER, kServerSeed, ss);
      Pump(client.get(), server.get());
      ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
      ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
      EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), client_scheme);
      EXPECT_EQ(
          rtmp_hs_peer_scheme(client.get()),
          server_scheme == RTMP_HS_SCHEME_AUTO ? client_scheme : server_scheme);
      ExpectTrafficBothWays(client.get(), server.get(), 100);
    }
  }
}

// Version 0 (the original handshake) does not apply under RTMPE: both
// sides still sign, since the keys need the digests.
TEST(EncryptedExchangeVersions, VersionZeroStillUsesDigests) {
  Settings cs = Encrypting(6);
  cs.version = 0;
  Settings ss = Encrypting(1 << 6);
  ss.version = 0;
  Peer client(RTMP_HS_CLIENT, kClientSeed, cs);
  Peer server(RTMP_HS_SERVER, kServerSeed, ss);
  Pump(client.get(), server.get());
  ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_ENCRYPTED);
  ExpectTrafficBothWays(client.get(), server.get(), 1);
}

// The bytes after the peer's last packet, in the feed that completes the
// handshake, are ciphertext: decrypted first, then what comes later, for
// every split of that feed.
class Leftovers : public ::testing::TestWithParam<int> {
 protected:
  static constexpr size_t kAfter = 64;  // ciphertext bytes after P2
};

TEST_P(Leftovers, ServerSideSplitAtEveryOffset) {
  const int type = GetParam();
  // Reference run: C0C1, S0S1S2, then C2 plus the client's first bytes.
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
  Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  Pump(client.get(), server.get());
  ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  Peer c2_source(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
  Peer first_server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  ASSERT_EQ(rtmp_hs_start(c2_source.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(c2_source.get());
  ASSERT_EQ(Feed(first_server.get(), c0c1).status, RTMP_HS_OK);
  const Bytes s0s1s2 = DrainAll(first_server.get());
  ASSERT_EQ(Feed(c2_source.get(), s0s1s2).status, RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_state(c2_source.get()), RTMP_HS_DONE);
  const Bytes message = Plaintext(kAfter, 9);
  const Bytes stream =
      Concat(DrainAll(c2_source.get()), Encrypted(c2_source.get(), message));
  ASSERT_EQ(stream.size(), kPacket + kAfter);

  for (size_t k = 0; k <= stream.size(); ++k) {
    if (k > 2 && k < kPacket - 2) {
      continue;  // inside C2 every split behaves alike; cover its edges
    }
    SCOPED_TRACE(k);
    Peer s(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
    ASSERT_EQ(Feed(s.get(), c0c1).status, RTMP_HS_OK);
    ASSERT_EQ(DrainAll(s.get()), s0s1s2);
    Bytes received;
    for (const auto &[off, len] :
         {std::pair<size_t, size_t>{0, k}, {k, stream.size() - k}}) {
      const Fed f = Feed(s.get(), stream, off, len);
      ASSERT_EQ(f.status, RTMP_HS_OK);
      const Bytes rest = Slice(stream, off + f.consumed, len - f.consumed);
      if (rtmp_hs_state(s.get()) == RTMP_HS_DONE) {
        const Bytes plain = Decrypted(s.get(), rest);
        received.insert(received.end(), plain.begin(), plain.end());
      } else {
        EXPECT_TRUE(rest.empty());
      }
    }
    EXPECT_EQ(received, message);
  }
}

TEST_P(Leftovers, ClientSideSplitAtEveryOffset) {
  const int type = GetParam();
  // Reference run: S2 held back until the server is done, so the client's
  // completing feed is S2 plus the server's first encrypted bytes.
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
  Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(client.get());
  ASSERT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_OK);
  const Bytes s0s1s2 = DrainAll(server.get());
  const Bytes s0s1 = Slice(s0s1s2, 0, kP0P1);
  ASSERT_EQ(Feed(client.get(), s0s1).status, RTMP_HS_OK);
  ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  const Bytes message = Plaintext(kAfter, 5);
  const Bytes stream =
      Concat(Slice(s0s1s2, kP0P1, kPacket), Encrypted(server.get(), message));

  for (size_t k = 0; k <= stream.size(); ++k) {
    if (k > 2 && k < kPacket - 2) {
      continue;
    }
    SCOPED_TRACE(k);
    Peer c(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
    ASSERT_EQ(rtmp_hs_start(c.get()), RTMP_HS_OK);
    ASSERT_EQ(DrainAll(c.get()), c0c1);
    ASSERT_EQ(Feed(c.get(), s0s1).status, RTMP_HS_OK);
    Bytes received;
    for (const auto &[off, len] :
         {std::pair<size_t, size_t>{0, k}, {k, stream.size() - k}}) {
      const Fed f = Feed(c.get(), stream, off, len);
      ASSERT_EQ(f.status, RTMP_HS_OK);
      const Bytes rest = Slice(stream, off + f.consumed, len - f.consumed);
      if (rtmp_hs_state(c.get()) == RTMP_HS_DONE) {
        const Bytes plain = Decrypted(c.get(), rest);
        received.insert(received.end(), plain.begin(), plain.end());
      } else {
        EXPECT_TRUE(rest.empty());
      }
    }
    EXPECT_EQ(received, message);
  }
}

INSTANTIATE_TEST_SUITE_P(Types, Leftovers, ::testing::Values(6, 8, 9));

// --- What the server accepts, and what the client insists on ------------

TEST(EncryptedRules, ServerRejectsATypeOutsideItsMask) {
  const struct {
    int client_type;
    int server_mask;
  } cases[] = {{6, 0}, {8, 0}, {9, 0}, {6, 1 << 8}, {8, 1 << 9}, {9, 1 << 6}};
  for (const auto &c : cases) {
    SCOPED_TRACE(c.client_type * 1000 + c.server_mask);
    Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(c.client_type));
    Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(c.server_mask));
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    const Bytes c0c1 = DrainAll(client.get());
    const Fed f = Feed(server.get(), c0c1);
    EXPECT_EQ(f.status, RTMP_HS_ERR_UNSUPPORTED);
    EXPECT_EQ(f.consumed, 1u) << "judged on C0 alone";
    EXPECT_EQ(rtmp_hs_pending(server.get()), 0u);
    EXPECT_EQ(rtmp_hs_encryption_type(server.get()), 0);
    EXPECT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_ERR_UNSUPPORTED);
  }
}

TEST(EncryptedRules, EncryptingServerStillServesPlainClients) {
  for (const uint32_t version : {0u, kDefaultClientVersion}) {
    Settings cs;
    cs.version = version;
    Peer client(RTMP_HS_CLIENT, kClientSeed, cs);
    Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
    const Wire wire = Pump(client.get(), server.get());
    ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
    EXPECT_EQ(wire.to_client[0], 3);
    EXPECT_EQ(rtmp_hs_encryption_type(server.get()), 0);
    EXPECT_EQ(rtmp_hs_mode(server.get()),
              version == 0 ? RTMP_HS_MODE_SIMPLE : RTMP_HS_MODE_DIGEST);
    uint8_t byte = 0;
    EXPECT_EQ(rtmp_hs_encrypt(server.get(), &byte, 1), RTMP_HS_ERR_STATE);
    EXPECT_EQ(rtmp_hs_decrypt(client.get(), &byte, 1), RTMP_HS_ERR_STATE);
  }
}

TEST(EncryptedRules, ClientRefusesAPlainS0) {
  // A server that answers S0 = 3 to an encrypted C0 offers plaintext: no
  // silent downgrade, whatever follows.
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(6));
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  DrainAll(client.get());
  const uint8_t s0 = 3;
  const Fed f = Feed(client.get(), &s0, 1);
  EXPECT_EQ(f.status, RTMP_HS_ERR_UNSUPPORTED);
  EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_encryption_type(client.get()), 0);
}

TEST(EncryptedRules, ClientStillNamesOtherProtocolsAndVersions) {
  const struct {
    Bytes opening;
    int code;
  } cases[] = {{{0x07}, RTMP_HS_ERR_VERSION},
               {{0x16, 0x03}, RTMP_HS_ERR_TLS},
               {{'H', 'T', 'T', 'P'}, RTMP_HS_ERR_HTTP}};
  for (const auto &c : cases) {
    Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(8));
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    EXPECT_EQ(Feed(client.get(), c.opening).status, c.code);
  }
}

TEST(EncryptedRules, ClientFollowsTheServersS0Type) {
  // What a librtmp server does to a C0 of 6 whose C1[4] is 0x80: answer 8.
  // Here our server is given the same C1 behind a C0 of 8 (C0 is not
  // covered by the digest), and its S0 = 8 reaches a client that asked 6.
  for (const int answer : {8, 9, 6}) {
    SCOPED_TRACE(answer);
    Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(6));
    Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    Bytes c0c1 = DrainAll(client.get());
    ASSERT_EQ(c0c1[0], 6);
    c0c1[0] = static_cast<uint8_t>(answer);
    ASSERT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_OK);
    const Bytes s = DrainAll(server.get());
    ASSERT_EQ(s[0], answer);
    ASSERT_EQ(Feed(client.get(), s).status, RTMP_HS_OK);
    ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_encryption_type(client.get()), answer);
    ExpectTrafficBothWays(client.get(), server.get(), 3);
  }
}

TEST(EncryptedRules, ServerRequiresTheC1DigestWithoutBeingAsked) {
  // A C1 without a digest (version 0, random bytes) behind C0 = 6.
  Settings cs;
  cs.version = 0;
  Peer plain(RTMP_HS_CLIENT, kClientSeed, cs);
  ASSERT_EQ(rtmp_hs_start(plain.get()), RTMP_HS_OK);
  Bytes c0c1 = DrainAll(plain.get());
  c0c1[0] = 6;
  Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  EXPECT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_ERR_DIGEST);
}

TEST(EncryptedRules, ClientRequiresTheS1DigestWithoutBeingAsked) {
  // A plain server's S1 (version 0: no digest) behind S0 = 6.
  Settings ss;
  ss.version = 0;
  Peer plain(RTMP_HS_SERVER, kServerSeed, ss);
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(6));
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  Bytes c0c1 = DrainAll(client.get());
  c0c1[0] = 3;
  ASSERT_EQ(Feed(plain.get(), c0c1).status, RTMP_HS_OK);
  Bytes s = DrainAll(plain.get());
  s[0] = 6;
  EXPECT_EQ(Feed(client.get(), s).status, RTMP_HS_ERR_DIGEST);
}

TEST(EncryptedRules, AnEchoIsNoSignatureUnderRtmpe) {
  // C2 = exact copy of S1 is fine in plain RTMP; under RTMPE it fails the
  // server without RTMP_HS_VERIFY_P2.
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(6));
  Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
  const Bytes s = DrainAll(server.get());
  const Fed f = Feed(server.get(), Slice(s, 1, kPacket));
  EXPECT_EQ(f.status, RTMP_HS_ERR_SIGNATURE);
  EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
}

TEST(EncryptedRules, OneFlippedSignatureByteFailsEitherSide) {
  for (const int type : {6, 8, 9}) {
    for (const bool corrupt_s2 : {false, true}) {
      SCOPED_TRACE(type * 10 + (corrupt_s2 ? 1 : 0));
      Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
      Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
      ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
      ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
      Bytes s = DrainAll(server.get());
      if (corrupt_s2) {
        s[kP0P1 + kSignatureAt + 5] ^= 0x40;
        EXPECT_EQ(Feed(client.get(), s).status, RTMP_HS_ERR_SIGNATURE);
        EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_FAILED);
        continue;
      }
      ASSERT_EQ(Feed(client.get(), s).status, RTMP_HS_OK);
      Bytes c2 = DrainAll(client.get());
      c2[kSignatureAt + 31] ^= 0x01;
      EXPECT_EQ(Feed(server.get(), c2).status, RTMP_HS_ERR_SIGNATURE);
    }
  }
}

// --- Diffie-Hellman keys with a zero top byte, end to end ---------------

TEST(EncryptedKeys, ClientKeyWithZeroTopByteStillAgrees) {
  // Deterministic seeds, tried in turn, until the client's public key in C1
  // starts with 0x00: it must still be sent as 128 bytes, left-padded.
  bool found = false;
  for (uint64_t seed = 1; seed < 3000 && !found; ++seed) {
    Peer client(RTMP_HS_CLIENT, seed, Encrypting(6));
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    const Bytes c0c1 = DrainAll(client.get());
    if (c0c1[1 + KeyOffset(c0c1.data() + 1, 0)] != 0) {
      continue;
    }
    found = true;
    Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
    ASSERT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_OK);
    ASSERT_EQ(Feed(client.get(), DrainAll(server.get())).status, RTMP_HS_OK);
    ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
    ExpectTrafficBothWays(client.get(), server.get(), 10);
  }
  EXPECT_TRUE(found);
}

// --- Options and misuse -------------------------------------------------

TEST(EncryptionOptions, ValuesEachRoleAccepts) {
  Handle client(rtmp_hs_new(RTMP_HS_CLIENT));
  for (const int ok : {0, 6, 8, 9}) {
    EXPECT_EQ(rtmp_hs_set_encryption(client.get(), ok), RTMP_HS_OK) << ok;
  }
  for (const int bad : {-1, 1, 3, 5, 7, 10, 64, 1 << 6, 1 << 30}) {
    EXPECT_EQ(rtmp_hs_set_encryption(client.get(), bad), RTMP_HS_ERR_ARG)
        << bad;
  }
  Handle server(rtmp_hs_new(RTMP_HS_SERVER));
  for (const int ok : {0, 1 << 6, 1 << 8, 1 << 9, kAllTypes}) {
    EXPECT_EQ(rtmp_hs_set_encryption(server.get(), ok), RTMP_HS_OK) << ok;
  }
  for (const int bad : {-1, 1, 6, 8, 9, 1 << 7, 1 << 10, kAllTypes | 1,
                        static_cast<int>(0x80000000u | (1u << 6))}) {
    EXPECT_EQ(rtmp_hs_set_encryption(server.get(), bad), RTMP_HS_ERR_ARG)
        << bad;
  }
  EXPECT_EQ(rtmp_hs_set_encryption(nullptr, 6), RTMP_HS_ERR_ARG);
}

TEST(EncryptionOptions, OnlyBeforeStart) {
  Handle client(rtmp_hs_new(RTMP_HS_CLIENT));
  ASSERT_EQ(rtmp_hs_set_encryption(client.get(), 8), RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_set_encryption(client.get(), 6), RTMP_HS_ERR_STATE);
  EXPECT_EQ(rtmp_hs_set_encryption(client.get(), 7), RTMP_HS_ERR_ARG);
  EXPECT_EQ(DrainAll(client.get())[0], 8) << "the option in force stayed";
  Handle server(rtmp_hs_new(RTMP_HS_SERVER));
  ASSERT_EQ(rtmp_hs_start(server.get()), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_set_encryption(server.get(), 1 << 6), RTMP_HS_ERR_STATE);
}

TEST(EncryptionOptions, EncryptAndDecryptOnlyAfterAnEncryptedHandshake) {
  Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(9));
  Peer server(RTMP_HS_SERVER, kServerSeed, Encrypting(kAllTypes));
  uint8_t byte = 0;
  EXPECT_EQ(rtmp_hs_encrypt(client.get(), &byte, 1), RTMP_HS_ERR_STATE);
  EXPECT_EQ(rtmp_hs_decrypt(client.get(), &byte, 1), RTMP_HS_ERR_STATE);
  EXPECT_EQ(rtmp_hs_encryption_type(client.get()), 0);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
  // Agreed (S0 sent), not done yet.
  EXPECT_EQ(rtmp_hs_encryption_type(server.get()), 9);
  EXPECT_EQ(rtmp_hs_encrypt(server.get(), &byte, 1), RTMP_HS_ERR_STATE);
  ASSERT_EQ(Feed(client.get(), DrainAll(server.get())).status, RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_encrypt(client.get(), nullptr, 0), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_decrypt(client.get(), nullptr, 0), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_encrypt(client.get(), nullptr, 1), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_decrypt(client.get(), nullptr, 1), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_encrypt(nullptr, &byte, 1), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_decrypt(nullptr, &byte, 1), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_encryption_type(nullptr), 0);
  ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
  ExpectTrafficBothWays(client.get(), server.get(), 0);
}

// --- SWF verification ---------------------------------------------------

TEST(SwfVerification, ClientAnswerEqualsWhatTheServerExpects) {
  for (const int type : {0, 6}) {
    SCOPED_TRACE(type);
    Peer client(RTMP_HS_CLIENT, kClientSeed, Encrypting(type));
    Peer server(RTMP_HS_SERVER, kServerSeed,
                Encrypting(type == 0 ? 0 : kAllTypes));
    uint8_t hash[32];
    for (uint8_t i = 0; i < 32; ++i) {
      hash[i] = i;
    }
    uint8_t at_client[42] = {};
    uint8_t at_server[42] = {};
    // Before S1 exists: nothing to key the HMAC with.
    EXPECT_EQ(rtmp_hs_swf_verification(client.get(), hash, 1000, at_client),
              RTMP_HS_ERR_STATE);
    EXPECT_EQ(rtmp_hs_swf_verification(server.get(), hash, 1000, at_server),
              RTMP_HS_ERR_STATE);
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_swf_verification(server.get(), hash, 1000, at_server),
              RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_swf_verification(client.get(), hash, 1000, at_client),
              RTMP_HS_ERR_STATE);
    ASSERT_EQ(Feed(client.get(), DrainAll(server.get())).status, RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_swf_verification(client.get(), hash, 1000, at_client),
              RTMP_HS_OK);
    EXPECT_EQ(Bytes(at_client, at_client + 42),
              Bytes(at_server, at_server + 42));
    EXPECT_EQ(Bytes(at_client, at_client + 10),
              (Bytes{1, 1, 0, 0, 0x03, 0xe8, 0, 0, 0x03, 0xe8}));
    hash[0] ^= 1;
    uint8_t other[42] = {};
    ASSERT_EQ(rtmp_hs_swf_verification(client.get(), hash, 1000, other),
              RTMP_HS_OK);
    EXPECT_NE(Bytes(other + 10, other + 42),
              Bytes(at_client + 10, at_client + 42));
  }
}

TEST(SwfVerification, NullArguments) {
  Handle client(rtmp_hs_new(RTMP_HS_CLIENT));
  uint8_t hash[32] = {};
  uint8_t out[42] = {};
  EXPECT_EQ(rtmp_hs_swf_verification(nullptr, hash, 1, out), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_swf_verification(client.get(), nullptr, 1, out),
            RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_swf_verification(client.get(), hash, 1, nullptr),
            RTMP_HS_ERR_ARG);
}

}  // namespace
}  // namespace capi_test
