// Options are accepted only before start() and the first feed(); refused
// calls (ERR_STATE, ERR_ARG) change nothing the peer can observe.
#include <climits>

#include "handshake_pump.h"

namespace capi_test {
namespace {

// A random source that only counts: it must never be reached.
int CountingFill(void *ctx, uint8_t *buf, size_t len) {
  ++*static_cast<int *>(ctx);
  for (size_t i = 0; i < len; ++i) {
    buf[i] = 0xEE;
  }
  return 0;
}

// Every option setter with a valid value; each must give `code`.
void ExpectAllOptionsGive(rtmp_hs *hs, int code, int *counter) {
  EXPECT_EQ(rtmp_hs_set_version(hs, 0), code);
  EXPECT_EQ(rtmp_hs_set_version(hs, 0x01020304), code);
  EXPECT_EQ(rtmp_hs_set_time(hs, 0xDEADBEEF), code);
  EXPECT_EQ(rtmp_hs_set_scheme(hs, 0), code);
  EXPECT_EQ(rtmp_hs_set_scheme(hs, RTMP_HS_SCHEME_AUTO), code);
  EXPECT_EQ(rtmp_hs_set_flags(hs, RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2),
            code);
  EXPECT_EQ(rtmp_hs_set_flags(hs, 0), code);
  EXPECT_EQ(rtmp_hs_set_random(hs, CountingFill, counter), code);
}

// S0 + an S1 without digest (version 0) + an S2 that matches nothing.
Bytes UnverifiableOriginalServerFlight() {
  Bytes b(kFlight, 0x33);
  b[0] = 3;
  for (size_t i = 1; i < 9; ++i) {
    b[i] = 0;
  }
  return b;
}

TEST(OptionsAfterStart, ClientKeepsWhatItWasStartedWith) {
  Settings s;
  s.version = 0x0A002D02;
  s.time = 42;
  s.scheme = 1;
  Peer client(RTMP_HS_CLIENT, 9, s);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  int calls = 0;
  ExpectAllOptionsGive(client.get(), RTMP_HS_ERR_STATE, &calls);

  const Bytes c0c1 = DrainAll(client.get());
  ASSERT_EQ(c0c1.size(), kP0P1);
  EXPECT_EQ(LoadBe32(&c0c1[1]), 42u);
  EXPECT_EQ(LoadBe32(&c0c1[5]), 0x0A002D02u);
  Peer server(RTMP_HS_SERVER);
  EXPECT_EQ(Feed(server.get(), c0c1).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), 1);

  // Neither flag took effect. (A client draws all its random bytes in
  // start(), so whether a refused source is used shows on a server: below.)
  EXPECT_EQ(Feed(client.get(), DrainAll(server.get())).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_DIGEST);
}

TEST(OptionsAfterStart, ClientFlagsRefusedAfterStartDoNotApply) {
  Peer client(RTMP_HS_CLIENT);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_set_flags(client.get(),
                              RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2),
            RTMP_HS_ERR_STATE);
  // Either flag would fail this flight; without them it completes.
  const Fed f = Feed(client.get(), UnverifiableOriginalServerFlight());
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 0);
}

TEST(OptionsAfterStart, ClientStartedByItsFirstFeed) {
  for (size_t len : {0u, 1u}) {
    SCOPED_TRACE(len);
    Peer client(RTMP_HS_CLIENT);
    const uint8_t s0 = 3;
    const Fed f = Feed(client.get(), len == 0 ? nullptr : &s0, len);
    EXPECT_EQ(f.status, RTMP_HS_OK);
    EXPECT_EQ(f.consumed, len);
    int calls = 0;
    ExpectAllOptionsGive(client.get(), RTMP_HS_ERR_STATE, &calls);
    const Bytes c0c1 = DrainAll(client.get());
    ASSERT_EQ(c0c1.size(), kP0P1) << "feed starts a client";
    EXPECT_EQ(LoadBe32(&c0c1[5]), kDefaultClientVersion);
    EXPECT_EQ(calls, 0);
  }
}

TEST(OptionsAfterStart, ServerAfterStartOrFirstFeedKeepsItsDefaults) {
  enum How { kStart, kEmptyFeed, kFirstByte };
  for (How how : {kStart, kEmptyFeed, kFirstByte}) {
    SCOPED_TRACE(how);
    Peer client(RTMP_HS_CLIENT, 0, [] {
      Settings s;
      s.scheme = 1;
      return s;
    }());
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    const Bytes c0c1 = DrainAll(client.get());

    Peer server(RTMP_HS_SERVER);
    size_t fed = 0;
    if (how == kStart) {
      ASSERT_EQ(rtmp_hs_start(server.get()), RTMP_HS_OK);
      EXPECT_EQ(rtmp_hs_pending(server.get()), 0u) << "a server waits for C1";
    } else {
      fed = how == kFirstByte ? 1 : 0;
      ASSERT_EQ(Feed(server.get(), c0c1, 0, fed).status, RTMP_HS_OK);
    }
    int calls = 0;
    ExpectAllOptionsGive(server.get(), RTMP_HS_ERR_STATE, &calls);

    ASSERT_EQ(Feed(server.get(), c0c1, fed).status, RTMP_HS_OK);
    const Bytes s0s1s2 = DrainAll(server.get());
    ASSERT_EQ(s0s1s2.size(), kFlight);
    EXPECT_EQ(LoadBe32(&s0s1s2[1]), 0u) << "default time";
    EXPECT_EQ(LoadBe32(&s0s1s2[5]), kDefaultServerVersion);
    EXPECT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_DIGEST);
    EXPECT_EQ(Feed(client.get(), s0s1s2).status, RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_peer_scheme(client.get()), 1) << "still mirrored";
    EXPECT_EQ(calls, 0);
  }
}

TEST(OptionsAfterStart, ServerFlagsRefusedAfterFirstFeedDoNotApply) {
  Settings original;
  original.version = 0;
  Peer client(RTMP_HS_CLIENT, 0, original);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(client.get());
  Peer server(RTMP_HS_SERVER);
  ASSERT_EQ(Feed(server.get(), c0c1, 0, 1).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_set_flags(server.get(), RTMP_HS_REQUIRE_DIGEST),
            RTMP_HS_ERR_STATE);
  EXPECT_EQ(Feed(server.get(), c0c1, 1).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_SIMPLE);
}

TEST(OptionsAfterEnd, RefusedOnceDoneOrFailed) {
  Peer client(RTMP_HS_CLIENT);
  Peer server(RTMP_HS_SERVER);
  Pump(client.get(), server.get());
  ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
  ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  // Nothing draws random bytes after the end, so the refused source's
  // counter would prove nothing here; what a caller sees is that the
  // handles stay as they ended.
  int calls = 0;
  ExpectAllOptionsGive(client.get(), RTMP_HS_ERR_STATE, &calls);
  ExpectAllOptionsGive(server.get(), RTMP_HS_ERR_STATE, &calls);
  for (rtmp_hs *hs : {client.get(), server.get()}) {
    EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_mode(hs), RTMP_HS_MODE_DIGEST);
    EXPECT_EQ(rtmp_hs_error(hs), RTMP_HS_OK);
  }

  Peer failed(RTMP_HS_SERVER);
  const uint8_t bad = 0x07;
  ASSERT_EQ(Feed(failed.get(), &bad, 1).status, RTMP_HS_ERR_VERSION);
  ExpectAllOptionsGive(failed.get(), RTMP_HS_ERR_STATE, &calls);
  EXPECT_EQ(rtmp_hs_state(failed.get()), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_error(failed.get()), RTMP_HS_ERR_VERSION);
}

TEST(OptionValues, InvalidSchemeIsRefusedAndTheLastGoodOneStays) {
  for (int good : {0, 1}) {
    Peer client(RTMP_HS_CLIENT);
    ASSERT_EQ(rtmp_hs_set_scheme(client.get(), good), RTMP_HS_OK);
    for (int bad : {2, -2, 3, 255, INT_MIN, INT_MAX}) {
      EXPECT_EQ(rtmp_hs_set_scheme(client.get(), bad), RTMP_HS_ERR_ARG) << bad;
    }
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    Peer server(RTMP_HS_SERVER);
    ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), good);
  }
}

TEST(OptionValues, UnknownFlagBitsAreRefusedAndTheLastGoodFlagsStay) {
  Peer client(RTMP_HS_CLIENT);
  ASSERT_EQ(rtmp_hs_set_flags(client.get(), RTMP_HS_REQUIRE_DIGEST),
            RTMP_HS_OK);
  for (uint32_t bad : {4u, 8u, 0x80000000u, 0xFFFFFFFFu,
                       RTMP_HS_REQUIRE_DIGEST | 4u, RTMP_HS_VERIFY_P2 | 16u}) {
    EXPECT_EQ(rtmp_hs_set_flags(client.get(), bad), RTMP_HS_ERR_ARG) << bad;
  }
  // REQUIRE_DIGEST still applies: an S1 without digest fails.
  EXPECT_EQ(Feed(client.get(), UnverifiableOriginalServerFlight()).status,
            RTMP_HS_ERR_DIGEST);
}

TEST(OptionValues, NullRandomFunctionIsRefusedAndTheSourceStays) {
  Peer twin(RTMP_HS_CLIENT, 1234);
  Peer client(RTMP_HS_CLIENT, 1234);
  int ctx = 0;
  EXPECT_EQ(rtmp_hs_set_random(client.get(), nullptr, &ctx), RTMP_HS_ERR_ARG);
  EXPECT_EQ(rtmp_hs_set_random(client.get(), nullptr, nullptr),
            RTMP_HS_ERR_ARG);
  ASSERT_EQ(rtmp_hs_start(twin.get()), RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(DrainAll(client.get()), DrainAll(twin.get()));
}

TEST(OptionValues, NullContextIsFineForTheRandomSource) {
  Peer client(RTMP_HS_CLIENT);
  const auto fill = [](void *ctx, uint8_t *buf, size_t len) -> int {
    for (size_t i = 0; i < len; ++i) {
      buf[i] = static_cast<uint8_t>(i);
    }
    return ctx == nullptr ? 0 : 1;
  };
  ASSERT_EQ(rtmp_hs_set_random(client.get(), fill, nullptr), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_pending(client.get()), kP0P1);
}

TEST(OptionValues, InvalidValuesAfterStartAreRefusedToo) {
  Peer client(RTMP_HS_CLIENT);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  for (int code : {rtmp_hs_set_scheme(client.get(), 7),
                   rtmp_hs_set_flags(client.get(), 0x100),
                   rtmp_hs_set_random(client.get(), nullptr, nullptr)}) {
    EXPECT_TRUE(code == RTMP_HS_ERR_ARG || code == RTMP_HS_ERR_STATE) << code;
  }
  EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_IN_PROGRESS);
  EXPECT_EQ(rtmp_hs_pending(client.get()), kP0P1);
}

TEST(OptionValues, AnyVersionAndTimeAreAcceptedAndTheLastOneWins) {
  Peer client(RTMP_HS_CLIENT);
  for (uint32_t v : {0u, 1u, 0x01000000u, 0xFFFFFFFFu, 0x0A002D02u}) {
    EXPECT_EQ(rtmp_hs_set_version(client.get(), v), RTMP_HS_OK);
  }
  for (uint32_t t : {0u, 0xFFFFFFFFu, 0x00C0FFEEu}) {
    EXPECT_EQ(rtmp_hs_set_time(client.get(), t), RTMP_HS_OK);
  }
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK) << "twice is harmless";
  const Bytes c0c1 = DrainAll(client.get());
  ASSERT_EQ(c0c1.size(), kP0P1) << "the second start queued nothing more";
  EXPECT_EQ(LoadBe32(&c0c1[1]), 0x00C0FFEEu);
  EXPECT_EQ(LoadBe32(&c0c1[5]), 0x0A002D02u);
}

}  // namespace
}  // namespace capi_test
