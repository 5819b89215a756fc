// What the getters report at each step of a handshake, and partial drains.
#include "handshake_pump.h"

namespace capi_test {
namespace {

struct Step {
  int state;
  int mode;
  size_t needed;
  size_t pending;
};

void ExpectStep(rtmp_hs *hs, const Step &s) {
  EXPECT_EQ(rtmp_hs_state(hs), s.state);
  EXPECT_EQ(rtmp_hs_mode(hs), s.mode);
  EXPECT_EQ(rtmp_hs_needed(hs), s.needed);
  EXPECT_EQ(rtmp_hs_pending(hs), s.pending);
}

constexpr int kIn = RTMP_HS_IN_PROGRESS;

// true: digest; false: original handshake.
class Progress : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    Peer client(RTMP_HS_CLIENT, 3, ClientSettings());
    Peer server(RTMP_HS_SERVER, 4);
    reference_ = Pump(client.get(), server.get());
    ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  }
  Settings ClientSettings() const {
    Settings s;
    if (!GetParam()) {
      s.version = 0;
    }
    return s;
  }
  int Mode() const {
    return GetParam() ? RTMP_HS_MODE_DIGEST : RTMP_HS_MODE_SIMPLE;
  }
  Wire reference_;
};

TEST_P(Progress, ClientStepByStep) {
  Peer client(RTMP_HS_CLIENT, 3, ClientSettings());
  ExpectStep(client.get(), {kIn, -1, kFlight, 0});
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  ExpectStep(client.get(), {kIn, -1, kFlight, kP0P1});

  // Drained in uneven parts, the bytes are the same C0+C1.
  Bytes sent;
  for (size_t cap : {1u, 99u, 1000u, 4096u}) {
    Bytes part(cap);
    part.resize(rtmp_hs_drain(client.get(), part.data(), part.size()));
    sent.insert(sent.end(), part.begin(), part.end());
  }
  EXPECT_EQ(sent, reference_.c0c1());
  ExpectStep(client.get(), {kIn, -1, kFlight, 0});

  const Bytes &s = reference_.to_client;
  EXPECT_EQ(Feed(client.get(), s, 0, 1).consumed, 1u);
  EXPECT_EQ(rtmp_hs_peer_p0(client.get()), 3);
  EXPECT_EQ(rtmp_hs_peer_version(client.get()), 0u) << "S1 not in yet";
  ExpectStep(client.get(), {kIn, -1, kFlight - 1, 0});
  EXPECT_EQ(Feed(client.get(), s, 1, kPacket - 1).consumed, kPacket - 1);
  ExpectStep(client.get(), {kIn, -1, kFlight - kPacket, 0});
  EXPECT_EQ(Feed(client.get(), s, kPacket, 1).consumed, 1u);  // S1 complete
  ExpectStep(client.get(), {kIn, Mode(), kPacket, kPacket});
  EXPECT_EQ(rtmp_hs_peer_version(client.get()), LoadBe32(&reference_.s1()[4]));
  EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 0);
  EXPECT_EQ(DrainAll(client.get()), reference_.c2());
  EXPECT_EQ(Feed(client.get(), s, kP0P1, kPacket - 1).consumed, kPacket - 1);
  ExpectStep(client.get(), {kIn, Mode(), 1, 0});
  EXPECT_EQ(Feed(client.get(), s, kFlight - 1, 1).consumed, 1u);
  ExpectStep(client.get(), {RTMP_HS_DONE, Mode(), 0, 0});
  EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 1);
  EXPECT_EQ(rtmp_hs_error(client.get()), RTMP_HS_OK);
}

TEST_P(Progress, ServerStepByStep) {
  Peer server(RTMP_HS_SERVER, 4);
  ExpectStep(server.get(), {kIn, -1, kFlight, 0});
  ASSERT_EQ(rtmp_hs_start(server.get()), RTMP_HS_OK);
  ExpectStep(server.get(), {kIn, -1, kFlight, 0});

  const Bytes &c = reference_.to_server;
  EXPECT_EQ(Feed(server.get(), c, 0, 1).consumed, 1u);
  EXPECT_EQ(rtmp_hs_peer_p0(server.get()), 3);
  ExpectStep(server.get(), {kIn, -1, kFlight - 1, 0});
  EXPECT_EQ(Feed(server.get(), c, 1, kPacket - 1).consumed, kPacket - 1);
  ExpectStep(server.get(), {kIn, -1, kPacket + 1, 0});
  EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), -1);
  EXPECT_EQ(Feed(server.get(), c, kPacket, 1).consumed, 1u);  // C1 complete
  ExpectStep(server.get(), {kIn, Mode(), kPacket, kFlight});
  EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), GetParam() ? 0 : -1);

  uint8_t head[kP0P1];
  EXPECT_EQ(rtmp_hs_drain(server.get(), head, sizeof head), kP0P1);
  ExpectStep(server.get(), {kIn, Mode(), kPacket, kPacket});
  EXPECT_EQ(Feed(server.get(), c, kP0P1).consumed, kPacket);
  // Done with S2 still queued: it must be drained after completion.
  ExpectStep(server.get(), {RTMP_HS_DONE, Mode(), 0, kPacket});
  EXPECT_EQ(DrainAll(server.get()), reference_.s2());
  ExpectStep(server.get(), {RTMP_HS_DONE, Mode(), 0, 0});
  EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 1);
}

INSTANTIATE_TEST_SUITE_P(Modes, Progress, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &param_info) {
                           return param_info.param ? "Digest" : "Original";
                         });

}  // namespace
}  // namespace capi_test
