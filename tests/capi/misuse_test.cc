// Misuse a C caller can commit: bad roles, NULL handles and pointers, and
// calls after a failure. None may crash; each has a documented answer.
#include <climits>

#include "handshake_pump.h"

namespace capi_test {
namespace {

int NeverCalled(void *, uint8_t *, size_t) {
  ADD_FAILURE() << "random source called through a NULL handle";
  return 1;
}

TEST(New, BadRolesGiveNull) {
  for (int role : {0, 3, -1, 4, 255, INT_MIN, INT_MAX}) {
    rtmp_hs *hs = rtmp_hs_new(role);
    EXPECT_EQ(hs, nullptr) << role;
    rtmp_hs_free(hs);
  }
}

TEST(New, BothRolesGiveAFreshHandleWithNeutralState) {
  for (int role : {RTMP_HS_CLIENT, RTMP_HS_SERVER}) {
    Handle hs(rtmp_hs_new(role));
    ASSERT_NE(hs, nullptr);
    EXPECT_EQ(rtmp_hs_state(hs.get()), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(rtmp_hs_error(hs.get()), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_pending(hs.get()), 0u);
    EXPECT_EQ(rtmp_hs_needed(hs.get()), kFlight);
    EXPECT_EQ(rtmp_hs_mode(hs.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_scheme(hs.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_p0(hs.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_version(hs.get()), 0u);
    EXPECT_EQ(rtmp_hs_peer_time(hs.get()), 0u);
    EXPECT_EQ(rtmp_hs_peer_verified(hs.get()), 0);
  }
}

TEST(NullHandle, EveryFunction) {
  rtmp_hs_free(nullptr);
  EXPECT_EQ(rtmp_hs_set_version(nullptr, 1), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_set_time(nullptr, 1), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_set_scheme(nullptr, 0), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_set_flags(nullptr, 0), RTMP_HS_ERR_ARG);
  int ctx = 0;
  EXPECT_EQ(rtmp_hs_set_random(nullptr, NeverCalled, &ctx), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_start(nullptr), RTMP_HS_ERR_ARG);
  const uint8_t data[4] = {3, 0, 0, 0};
  size_t consumed = 77;
  EXPECT_EQ(rtmp_hs_feed(nullptr, data, sizeof data, &consumed),
            RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_feed(nullptr, nullptr, 0, nullptr), RTMP_HS_ERR_ARG);
  uint8_t out[8];
  EXPECT_EQ(rtmp_hs_drain(nullptr, out, sizeof out), 0u);
  EXPECT_EQ(rtmp_hs_drain(nullptr, nullptr, 0), 0u);
  EXPECT_EQ(rtmp_hs_pending(nullptr), 0u);
  EXPECT_EQ(rtmp_hs_needed(nullptr), 0u);
  EXPECT_EQ(rtmp_hs_state(nullptr), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_error(nullptr), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_peer_version(nullptr), 0u);
  EXPECT_EQ(rtmp_hs_peer_time(nullptr), 0u);
  EXPECT_EQ(rtmp_hs_peer_p0(nullptr), -1);
  EXPECT_EQ(rtmp_hs_mode(nullptr), -1);
  EXPECT_EQ(rtmp_hs_peer_scheme(nullptr), -1);
  EXPECT_EQ(rtmp_hs_peer_verified(nullptr), 0);
  EXPECT_EQ(ctx, 0);
}

class NullPointers : public ::testing::TestWithParam<int> {
 protected:
  // A started handle with output pending and some input already fed.
  void SetUp() override {
    ASSERT_NE(hs_, nullptr);
    ASSERT_EQ(rtmp_hs_start(hs_.get()), RTMP_HS_OK);
    const uint8_t p0 = 3;
    size_t consumed = 0;
    ASSERT_EQ(rtmp_hs_feed(hs_.get(), &p0, 1, &consumed), RTMP_HS_OK);
    pending_ = rtmp_hs_pending(hs_.get());
  }

  void ExpectUnchanged() {
    EXPECT_EQ(rtmp_hs_state(hs_.get()), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(rtmp_hs_error(hs_.get()), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_pending(hs_.get()), pending_);
    EXPECT_EQ(rtmp_hs_needed(hs_.get()), kFlight - 1);
  }

  Handle hs_{rtmp_hs_new(GetParam())};
  size_t pending_ = 0;
};

TEST_P(NullPointers, FeedWithNullConsumed) {
  const uint8_t data[2] = {1, 2};
  EXPECT_EQ(rtmp_hs_feed(hs_.get(), data, sizeof data, nullptr),
            RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_feed(hs_.get(), nullptr, 0, nullptr), RTMP_HS_ERR_ARG);
  ExpectUnchanged();
}

TEST_P(NullPointers, FeedWithNullDataAndALength) {
  size_t consumed = 99;
  EXPECT_EQ(rtmp_hs_feed(hs_.get(), nullptr, 1, &consumed), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_feed(hs_.get(), nullptr, kPacket, &consumed),
            RTMP_HS_ERR_ARG);
  ExpectUnchanged();
}

TEST_P(NullPointers, FeedWithNullDataAndZeroLengthIsFine) {
  size_t consumed = 99;
  EXPECT_EQ(rtmp_hs_feed(hs_.get(), nullptr, 0, &consumed), RTMP_HS_OK);
  EXPECT_EQ(consumed, 0u);
  ExpectUnchanged();
}

TEST_P(NullPointers, DrainIntoNull) {
  EXPECT_EQ(rtmp_hs_drain(hs_.get(), nullptr, 0), 0u);
  EXPECT_EQ(rtmp_hs_drain(hs_.get(), nullptr, 100), 0u);
  ExpectUnchanged();
  uint8_t byte = 0;
  EXPECT_EQ(rtmp_hs_drain(hs_.get(), &byte, 0), 0u);
  ExpectUnchanged();
}

INSTANTIATE_TEST_SUITE_P(Roles, NullPointers,
                         ::testing::Values(RTMP_HS_CLIENT, RTMP_HS_SERVER),
                         [](const ::testing::TestParamInfo<int> &param_info) {
                           return param_info.param == RTMP_HS_CLIENT ? "Client"
                                                                     : "Server";
                         });

TEST(StickyFailure, FeedStartAndGettersKeepReportingTheCode) {
  Peer server(RTMP_HS_SERVER);
  const Bytes get = {'G', 'E', 'T', ' ', '/'};
  ASSERT_EQ(Feed(server.get(), get).status, RTMP_HS_ERR_HTTP);
  for (int i = 0; i < 3; ++i) {
    const Bytes valid(kP0P1, 3);
    const Fed f = Feed(server.get(), valid);
    EXPECT_EQ(f.status, RTMP_HS_ERR_HTTP);
    EXPECT_EQ(f.consumed, 0u);
    size_t consumed = 5;
    EXPECT_EQ(rtmp_hs_feed(server.get(), nullptr, 0, &consumed),
              RTMP_HS_ERR_HTTP);
    EXPECT_EQ(consumed, 0u);
    EXPECT_EQ(rtmp_hs_start(server.get()), RTMP_HS_ERR_HTTP);
    EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_FAILED);
    EXPECT_EQ(rtmp_hs_error(server.get()), RTMP_HS_ERR_HTTP);
    EXPECT_EQ(rtmp_hs_pending(server.get()), 0u);
    EXPECT_EQ(rtmp_hs_needed(server.get()), 0u);
    uint8_t out[16];
    EXPECT_EQ(rtmp_hs_drain(server.get(), out, sizeof out), 0u);
  }
}

TEST(StickyFailure, FailureDiscardsOutputNotYetDrained) {
  // A server queues S0+S1+S2; a C2 that fails VERIFY_P2 drops what is left.
  Settings strict;
  strict.flags = RTMP_HS_VERIFY_P2;
  Peer client(RTMP_HS_CLIENT);
  Peer server(RTMP_HS_SERVER, 0, strict);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
  uint8_t some[100];
  ASSERT_EQ(rtmp_hs_drain(server.get(), some, sizeof some), sizeof some);
  ASSERT_EQ(rtmp_hs_pending(server.get()), kFlight - sizeof some);
  EXPECT_EQ(Feed(server.get(), Bytes(kPacket, 0)).status,
            RTMP_HS_ERR_SIGNATURE);
  EXPECT_EQ(rtmp_hs_pending(server.get()), 0u);
  EXPECT_EQ(rtmp_hs_drain(server.get(), some, sizeof some), 0u);
}

}  // namespace
}  // namespace capi_test
