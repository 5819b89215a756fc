// The random source: when it is asked, for how much, what a failure does,
// and that a deterministic source makes the whole exchange reproducible.
#include <utility>

#include "handshake_pump.h"

namespace capi_test {
namespace {

constexpr size_t kP1Random = 1528;  // C1/S1 bytes 8..1535

Settings Original() {
  Settings s;
  s.version = 0;
  return s;
}

TEST(RandomFailure, ClientFailsAtStartAndStaysFailed) {
  Peer client(RTMP_HS_CLIENT, 1);
  client.random().fail_call = -1;
  EXPECT_EQ(rtmp_hs_start(client.get()), RTMP_HS_ERR_RANDOM);
  EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_error(client.get()), RTMP_HS_ERR_RANDOM);
  EXPECT_EQ(rtmp_hs_pending(client.get()), 0u) << "no half-built C1 goes out";
  EXPECT_EQ(rtmp_hs_start(client.get()), RTMP_HS_ERR_RANDOM);
  const Fed f = Feed(client.get(), Bytes(10, 3));
  EXPECT_EQ(f.status, RTMP_HS_ERR_RANDOM);
  EXPECT_EQ(f.consumed, 0u);
  EXPECT_EQ(client.random().call_lengths, std::vector<size_t>{kP1Random});
}

TEST(RandomFailure, ClientStartedByFeedFailsTheFeed) {
  Peer client(RTMP_HS_CLIENT, 1);
  client.random().fail_call = 1;
  const Fed f = Feed(client.get(), Bytes(10, 3));
  EXPECT_EQ(f.status, RTMP_HS_ERR_RANDOM);
  EXPECT_EQ(f.consumed, 0u);
  EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_FAILED);
}

TEST(RandomFailure, ServerFailsWhenC1IsComplete) {
  Peer client(RTMP_HS_CLIENT);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(client.get());
  Peer server(RTMP_HS_SERVER, 1);
  server.random().fail_call = -1;
  EXPECT_EQ(rtmp_hs_start(server.get()), RTMP_HS_OK) << "no random yet";
  EXPECT_EQ(Feed(server.get(), c0c1, 0, kPacket).status, RTMP_HS_OK);
  EXPECT_TRUE(server.random().call_lengths.empty());
  const Fed f = Feed(server.get(), c0c1, kPacket);
  EXPECT_EQ(f.status, RTMP_HS_ERR_RANDOM);
  EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_pending(server.get()), 0u);
  EXPECT_EQ(Feed(server.get(), Bytes(kPacket, 0)).status, RTMP_HS_ERR_RANDOM);
}

TEST(RandomFailure, SecondCallNeverHappensInADigestOrOriginalHandshake) {
  // Only P1 draws random bytes: a signed P2 echoes the peer's P1, an
  // unsigned one copies it. Digest pairs, a version-0 client, and a digest
  // client meeting a version-0 server.
  const Settings digest;
  const Settings original = Original();
  const std::pair<const Settings *, const Settings *> pairs[] = {
      {&digest, &digest}, {&original, &digest}, {&digest, &original}};
  for (const auto &[client_settings, server_settings] : pairs) {
    SCOPED_TRACE(::testing::Message()
                 << "client " << (client_settings == &digest ? "digest" : "v0")
                 << ", server "
                 << (server_settings == &digest ? "digest" : "v0"));
    Peer client(RTMP_HS_CLIENT, 1, *client_settings);
    client.random().fail_call = 2;
    Peer server(RTMP_HS_SERVER, 2, *server_settings);
    server.random().fail_call = 2;
    Pump(client.get(), server.get());
    EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 1);
    EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 1);
    EXPECT_EQ(client.random().call_lengths, std::vector<size_t>{kP1Random});
    EXPECT_EQ(server.random().call_lengths, std::vector<size_t>{kP1Random});
  }
}

TEST(RandomRequests, DigestHandshakeAsksForP1BytesOnce) {
  Peer client(RTMP_HS_CLIENT, 1);
  Peer server(RTMP_HS_SERVER, 2);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(client.random().call_lengths, std::vector<size_t>{kP1Random});
  Pump(client.get(), server.get());
  ASSERT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_DIGEST);
  ASSERT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_DIGEST);
  EXPECT_EQ(client.random().call_lengths, std::vector<size_t>{kP1Random});
  EXPECT_EQ(server.random().call_lengths, std::vector<size_t>{kP1Random});
}

TEST(RandomRequests, ContextIsPassedBackUnchanged) {
  struct Seen {
    void *ctx = nullptr;
    int calls = 0;
  } seen;
  const auto fill = [](void *ctx, uint8_t *buf, size_t len) -> int {
    auto *s = static_cast<Seen *>(ctx);
    s->ctx = ctx;
    ++s->calls;
    for (size_t i = 0; i < len; ++i) {
      buf[i] = 1;
    }
    return 0;
  };
  Handle client(rtmp_hs_new(RTMP_HS_CLIENT));
  ASSERT_EQ(rtmp_hs_set_random(client.get(), fill, &seen), RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(seen.ctx, &seen);
  EXPECT_EQ(seen.calls, 1);
}

TEST(Reproducibility, SameSeedsGiveIdenticalStreams) {
  for (bool digest : {true, false}) {
    SCOPED_TRACE(digest);
    const Settings cs = digest ? Settings() : Original();
    Peer c1(RTMP_HS_CLIENT, 5, cs);
    Peer s1(RTMP_HS_SERVER, 6);
    Peer c2(RTMP_HS_CLIENT, 5, cs);
    Peer s2(RTMP_HS_SERVER, 6);
    const Wire first = Pump(c1.get(), s1.get());
    const Wire second = Pump(c2.get(), s2.get(), 100);
    ASSERT_EQ(first.to_server.size(), kFlight);
    ASSERT_EQ(first.to_client.size(), kFlight);
    EXPECT_EQ(first.to_server, second.to_server);
    EXPECT_EQ(first.to_client, second.to_client);

    Peer other_client(RTMP_HS_CLIENT, 7, cs);
    Peer other_server(RTMP_HS_SERVER, 8);
    const Wire other = Pump(other_client.get(), other_server.get());
    EXPECT_NE(other.c1(), first.c1());
    EXPECT_NE(other.s1(), first.s1());
  }
}

TEST(Reproducibility, OsRandomGivesDifferentP1sAcrossHandles) {
  for (const Settings &s : {Settings(), Original()}) {
    Handle a(rtmp_hs_new(RTMP_HS_CLIENT));
    Handle b(rtmp_hs_new(RTMP_HS_CLIENT));
    ASSERT_EQ(
        rtmp_hs_set_version(a.get(), s.version.value_or(kDefaultClientVersion)),
        RTMP_HS_OK);
    ASSERT_EQ(
        rtmp_hs_set_version(b.get(), s.version.value_or(kDefaultClientVersion)),
        RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_start(a.get()), RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_start(b.get()), RTMP_HS_OK);
    const Bytes ca = DrainAll(a.get());
    const Bytes cb = DrainAll(b.get());
    // Same header (C0, time, version), different random part.
    EXPECT_EQ(Slice(ca, 0, 9), Slice(cb, 0, 9));
    EXPECT_NE(Slice(ca, 9, kP0P1 - 9), Slice(cb, 9, kP0P1 - 9));
  }
  Handle client(rtmp_hs_new(RTMP_HS_CLIENT));
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(client.get());
  Handle sa(rtmp_hs_new(RTMP_HS_SERVER));
  Handle sb(rtmp_hs_new(RTMP_HS_SERVER));
  ASSERT_EQ(Feed(sa.get(), c0c1).status, RTMP_HS_OK);
  ASSERT_EQ(Feed(sb.get(), c0c1).status, RTMP_HS_OK);
  EXPECT_NE(DrainAll(sa.get()), DrainAll(sb.get()));
}

}  // namespace
}  // namespace capi_test
