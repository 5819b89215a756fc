// Any fragmentation of the byte stream gives the same handshake, and feed()
// stops exactly at the end of the peer's P2 so the chunk stream that follows
// is left to the caller. Deterministic random sources make every run's
// bytes comparable with one reference run.
#include <memory>

#include "handshake_pump.h"

namespace capi_test {
namespace {

constexpr uint64_t kClientSeed = 11;
constexpr uint64_t kServerSeed = 22;

// true: the digest handshake (defaults); false: the original one.
class Fragmentation : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto client = NewClient();
    auto server = NewServer();
    reference_ = Pump(client->get(), server->get());
    ASSERT_EQ(rtmp_hs_state(client->get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_state(server->get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_mode(client->get()),
              GetParam() ? RTMP_HS_MODE_DIGEST : RTMP_HS_MODE_SIMPLE);
    ASSERT_EQ(reference_.to_server.size(), kFlight);
    ASSERT_EQ(reference_.to_client.size(), kFlight);
    for (size_t i = 0; i < trailing_.size(); ++i) {
      trailing_[i] = static_cast<uint8_t>(0xA0 + i);  // a fake chunk stream
    }
  }

  std::unique_ptr<Peer> NewClient() const {
    Settings s;
    if (!GetParam()) {
      s.version = 0;
    }
    return std::make_unique<Peer>(RTMP_HS_CLIENT, kClientSeed, s);
  }
  std::unique_ptr<Peer> NewServer() const {
    return std::make_unique<Peer>(RTMP_HS_SERVER, kServerSeed);
  }
  // A started client whose C0+C1 went out (and matched the reference).
  std::unique_ptr<Peer> StartedClient() const {
    auto client = NewClient();
    EXPECT_EQ(rtmp_hs_start(client->get()), RTMP_HS_OK);
    EXPECT_EQ(DrainAll(client->get()), reference_.c0c1());
    return client;
  }
  // A server that received C0+C1 and sent S0+S1+S2.
  std::unique_ptr<Peer> AnsweredServer() const {
    auto server = NewServer();
    const Fed f = Feed(server->get(), reference_.c0c1());
    EXPECT_EQ(f.status, RTMP_HS_OK);
    EXPECT_EQ(f.consumed, kP0P1);
    EXPECT_EQ(DrainAll(server->get()), reference_.to_client);
    return server;
  }

  Wire reference_;
  Bytes trailing_ = Bytes(100);
};

TEST_P(Fragmentation, C0C1SplitAtEveryPointIntoTheServer) {
  const Bytes c0c1 = reference_.c0c1();
  for (size_t k = 0; k <= c0c1.size(); ++k) {
    SCOPED_TRACE(k);
    auto server = NewServer();
    const Fed first = Feed(server->get(), c0c1, 0, k);
    EXPECT_EQ(first.status, RTMP_HS_OK);
    EXPECT_EQ(first.consumed, k);
    EXPECT_EQ(rtmp_hs_needed(server->get()), kFlight - k);
    EXPECT_EQ(rtmp_hs_pending(server->get()), k == kP0P1 ? kFlight : 0u);
    const Fed second = Feed(server->get(), c0c1, k);
    EXPECT_EQ(second.status, RTMP_HS_OK);
    EXPECT_EQ(second.consumed, kP0P1 - k);
    EXPECT_EQ(DrainAll(server->get()), reference_.to_client);
    EXPECT_EQ(Feed(server->get(), reference_.c2()).consumed, kPacket);
    EXPECT_EQ(rtmp_hs_state(server->get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(server->get()), 1);
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(Fragmentation, S0S1S2SplitAtEveryPointIntoTheClient) {
  const Bytes &s0s1s2 = reference_.to_client;
  for (size_t k = 0; k <= s0s1s2.size(); ++k) {
    SCOPED_TRACE(k);
    auto client = StartedClient();
    const Fed first = Feed(client->get(), s0s1s2, 0, k);
    EXPECT_EQ(first.status, RTMP_HS_OK);
    EXPECT_EQ(first.consumed, k);
    EXPECT_EQ(rtmp_hs_needed(client->get()), kFlight - k);
    // C2 goes out as soon as S1 is in, before S2.
    EXPECT_EQ(rtmp_hs_pending(client->get()), k >= kP0P1 ? kPacket : 0u);
    const Fed second = Feed(client->get(), s0s1s2, k);
    EXPECT_EQ(second.status, RTMP_HS_OK);
    EXPECT_EQ(second.consumed, kFlight - k);
    EXPECT_EQ(rtmp_hs_state(client->get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(client->get()), 1);
    EXPECT_EQ(DrainAll(client->get()), reference_.c2());
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(Fragmentation, C2SplitAtEveryPointIntoTheServer) {
  const Bytes c2 = reference_.c2();
  for (size_t k = 0; k <= c2.size(); ++k) {
    SCOPED_TRACE(k);
    auto server = AnsweredServer();
    const Fed first = Feed(server->get(), c2, 0, k);
    EXPECT_EQ(first.status, RTMP_HS_OK);
    EXPECT_EQ(first.consumed, k);
    EXPECT_EQ(rtmp_hs_needed(server->get()), kPacket - k);
    EXPECT_EQ(rtmp_hs_state(server->get()),
              k == kPacket ? RTMP_HS_DONE : RTMP_HS_IN_PROGRESS);
    const Fed second = Feed(server->get(), c2, k);
    EXPECT_EQ(second.status, RTMP_HS_OK);
    EXPECT_EQ(second.consumed, kPacket - k);
    EXPECT_EQ(rtmp_hs_state(server->get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(server->get()), 1);
    if (HasFailure()) {
      break;
    }
  }
}

TEST_P(Fragmentation, OneByteAtATimeInBothDirectionsGivesTheSameBytes) {
  auto client = NewClient();
  auto server = NewServer();
  const Wire wire = Pump(client->get(), server->get(), 1);
  EXPECT_EQ(wire.to_server, reference_.to_server);
  EXPECT_EQ(wire.to_client, reference_.to_client);
  for (rtmp_hs *hs : {client->get(), server->get()}) {
    EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(hs), 1);
  }
}

TEST_P(Fragmentation, OtherPieceSizesGiveTheSameBytes) {
  for (size_t piece : {2u, 3u, 7u, 64u, 1000u, 1535u, 1536u, 1537u, 3072u}) {
    SCOPED_TRACE(piece);
    auto client = NewClient();
    auto server = NewServer();
    const Wire wire = Pump(client->get(), server->get(), piece);
    EXPECT_EQ(wire.to_server, reference_.to_server);
    EXPECT_EQ(wire.to_client, reference_.to_client);
    EXPECT_EQ(rtmp_hs_state(client->get()), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_state(server->get()), RTMP_HS_DONE);
  }
}

TEST_P(Fragmentation, ClientStopsAtTheEndOfS2AndLeavesTheChunkStream) {
  auto client = StartedClient();
  const Bytes input = Concat(reference_.to_client, trailing_);
  const Bytes before = input;
  size_t consumed = 0;
  ASSERT_EQ(rtmp_hs_feed(client->get(), input.data(), input.size(), &consumed),
            RTMP_HS_OK);
  EXPECT_EQ(consumed, kFlight);
  EXPECT_EQ(input, before) << "feed must not write to the caller's bytes";
  EXPECT_EQ(Bytes(input.data() + consumed, input.data() + input.size()),
            trailing_);
  EXPECT_EQ(rtmp_hs_state(client->get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_needed(client->get()), 0u);
  // S1 and S2 arrived together: the C2 queued by this call is still pending.
  EXPECT_EQ(rtmp_hs_pending(client->get()), kPacket);
  EXPECT_EQ(DrainAll(client->get()), reference_.c2());

  for (int again = 0; again < 2; ++again) {
    const Fed later = Feed(client->get(), trailing_);
    EXPECT_EQ(later.status, RTMP_HS_OK);
    EXPECT_EQ(later.consumed, 0u);
  }
  EXPECT_EQ(rtmp_hs_state(client->get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_pending(client->get()), 0u);
}

TEST_P(Fragmentation, TrailingBytesInTheFeedThatCompletesS2) {
  const size_t split = 2000;  // inside S1+S2; the rest of S2 comes with data
  auto client = StartedClient();
  EXPECT_EQ(Feed(client->get(), reference_.to_client, 0, split).consumed,
            split);
  const Bytes tail =
      Concat(Slice(reference_.to_client, split, kFlight - split), trailing_);
  const Fed f = Feed(client->get(), tail);
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(f.consumed, kFlight - split);
  EXPECT_EQ(rtmp_hs_state(client->get()), RTMP_HS_DONE);
}

TEST_P(Fragmentation, ServerStopsAtTheEndOfC2AndLeavesTheChunkStream) {
  auto server = AnsweredServer();
  const Bytes input = Concat(reference_.c2(), trailing_);
  const Fed f = Feed(server->get(), input);
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(f.consumed, kPacket);
  EXPECT_EQ(Bytes(input.data() + f.consumed, input.data() + input.size()),
            trailing_);
  EXPECT_EQ(rtmp_hs_state(server->get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_peer_verified(server->get()), 1);
  EXPECT_EQ(rtmp_hs_pending(server->get()), 0u);
  const Fed later = Feed(server->get(), trailing_);
  EXPECT_EQ(later.status, RTMP_HS_OK);
  EXPECT_EQ(later.consumed, 0u);
}

TEST_P(Fragmentation, WholeClientStreamInOneFeedLeavesTheServerFlightPending) {
  // Possible because C2 is reproducible: it depends only on the seeds.
  auto server = NewServer();
  const Bytes input = Concat(reference_.to_server, trailing_);
  const Fed f = Feed(server->get(), input);
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(f.consumed, kFlight);
  EXPECT_EQ(rtmp_hs_state(server->get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_peer_verified(server->get()), 1);
  EXPECT_EQ(DrainAll(server->get()), reference_.to_client);
}

INSTANTIATE_TEST_SUITE_P(Modes, Fragmentation, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &param_info) {
                           return param_info.param ? "Digest" : "Original";
                         });

}  // namespace
}  // namespace capi_test
