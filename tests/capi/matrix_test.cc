// Client against server in every combination of version, scheme and flags
// on each side. The expected outcome is derived from the documented rules
// (BRIEF "Behaviour decisions"), not from running the library.
#include <cstdio>
#include <string>
#include <tuple>

#include "handshake_pump.h"

namespace capi_test {
namespace {

constexpr uint32_t kClientTime = 0x00ABCDEF;
constexpr uint32_t kServerTime = 0x7F000001;

using MatrixParam =
    std::tuple<uint32_t /*client version*/, uint32_t /*server version*/,
               int /*client scheme*/, int /*server scheme*/,
               uint32_t /*client flags*/, uint32_t /*server flags*/>;

// What the documented rules say must happen.
struct Expected {
  bool client_digest;  // C1 carries a digest
  int server_found;    // scheme the server finds in C1, or -1
  bool server_fails;   // RTMP_HS_ERR_DIGEST on the server
  bool server_digest;  // S1 carries a digest, S2 is signed
  int server_scheme;   // where S1's digest goes (when it has one)
  int client_found;    // scheme the client finds in S1, or -1
  bool client_fails;   // RTMP_HS_ERR_DIGEST on the client
};

Expected Derive(const MatrixParam &p) {
  const auto [cv, sv, cs, ss, cf, sf] = p;
  Expected e{};
  e.client_digest = cv != 0;
  const int client_scheme = cs == RTMP_HS_SCHEME_AUTO ? 0 : cs;
  e.server_found = e.client_digest ? client_scheme : -1;
  e.server_fails = e.server_found < 0 && (sf & RTMP_HS_REQUIRE_DIGEST) != 0;
  e.server_digest = sv != 0 && e.server_found >= 0;
  e.server_scheme = ss != RTMP_HS_SCHEME_AUTO ? ss
                    : e.server_found >= 0     ? e.server_found
                                              : 1;
  e.client_found = e.server_digest ? e.server_scheme : -1;
  e.client_fails = !e.server_fails && e.client_found < 0 &&
                   (cf & RTMP_HS_REQUIRE_DIGEST) != 0;
  return e;
}

class ClientServerMatrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(ClientServerMatrix, OutcomeFollowsTheDocumentedRules) {
  const auto [cv, sv, cs, ss, cf, sf] = GetParam();
  const Expected e = Derive(GetParam());

  Settings client_settings;
  client_settings.version = cv;
  client_settings.time = kClientTime;
  client_settings.scheme = cs;
  client_settings.flags = cf;
  Settings server_settings;
  server_settings.version = sv;
  server_settings.time = kServerTime;
  server_settings.scheme = ss;
  server_settings.flags = sf;
  Peer client(RTMP_HS_CLIENT, 0, client_settings);
  Peer server(RTMP_HS_SERVER, 0, server_settings);

  const Wire wire = Pump(client.get(), server.get());
  const int mode = e.server_digest ? RTMP_HS_MODE_DIGEST : RTMP_HS_MODE_SIMPLE;

  // C0+C1 always go out, and the server always learns them.
  ASSERT_GE(wire.to_server.size(), kP0P1);
  EXPECT_EQ(wire.to_server[0], 3);
  const Bytes c1 = wire.c1();
  EXPECT_EQ(LoadBe32(&c1[0]), kClientTime);
  EXPECT_EQ(LoadBe32(&c1[4]), e.client_digest ? cv : 0u);
  EXPECT_EQ(rtmp_hs_peer_p0(server.get()), 3);
  EXPECT_EQ(rtmp_hs_peer_time(server.get()), kClientTime);
  EXPECT_EQ(rtmp_hs_peer_version(server.get()), e.client_digest ? cv : 0u);
  EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), e.server_found);

  if (e.server_fails) {
    EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_FAILED);
    EXPECT_EQ(rtmp_hs_error(server.get()), RTMP_HS_ERR_DIGEST);
    EXPECT_EQ(rtmp_hs_mode(server.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
    EXPECT_TRUE(wire.to_client.empty());
    // The client heard nothing back and still waits for everything.
    EXPECT_EQ(wire.to_server.size(), kP0P1);
    EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(rtmp_hs_needed(client.get()), kFlight);
    EXPECT_EQ(rtmp_hs_mode(client.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_scheme(client.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_p0(client.get()), -1);
    EXPECT_EQ(rtmp_hs_peer_version(client.get()), 0u);
    EXPECT_EQ(rtmp_hs_peer_time(client.get()), 0u);
    return;
  }

  // The server answered with its whole flight at once.
  ASSERT_EQ(wire.to_client.size(), kFlight);
  EXPECT_EQ(wire.to_client[0], 3);
  const Bytes s1 = wire.s1();
  const Bytes s2 = wire.s2();
  EXPECT_EQ(LoadBe32(&s1[0]), kServerTime);
  EXPECT_EQ(LoadBe32(&s1[4]), e.server_digest ? sv : 0u);
  if (e.server_digest) {
    EXPECT_EQ(LoadBe32(&s2[0]), kClientTime);
    EXPECT_EQ(LoadBe32(&s2[4]), kServerTime);
  } else {
    EXPECT_EQ(s2, c1) << "simple-mode S2 must be a byte-exact echo of C1";
  }
  EXPECT_EQ(rtmp_hs_mode(server.get()), mode);
  EXPECT_EQ(rtmp_hs_peer_p0(client.get()), 3);
  EXPECT_EQ(rtmp_hs_peer_time(client.get()), kServerTime);
  EXPECT_EQ(rtmp_hs_peer_version(client.get()), e.server_digest ? sv : 0u);
  EXPECT_EQ(rtmp_hs_peer_scheme(client.get()), e.client_found);

  if (e.client_fails) {
    EXPECT_EQ(rtmp_hs_state(client.get()), RTMP_HS_FAILED);
    EXPECT_EQ(rtmp_hs_error(client.get()), RTMP_HS_ERR_DIGEST);
    EXPECT_EQ(rtmp_hs_mode(client.get()), -1);
    EXPECT_EQ(rtmp_hs_pending(client.get()), 0u);
    EXPECT_EQ(wire.to_server.size(), kP0P1) << "no C2 after failing";
    EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(rtmp_hs_needed(server.get()), kPacket);
    EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
    return;
  }

  ASSERT_EQ(wire.to_server.size(), kFlight);
  const Bytes c2 = wire.c2();
  if (e.server_digest) {
    EXPECT_EQ(LoadBe32(&c2[0]), kServerTime);
    EXPECT_EQ(LoadBe32(&c2[4]), kClientTime);
  } else {
    EXPECT_EQ(c2, s1) << "simple-mode C2 must be a byte-exact echo of S1";
  }
  for (rtmp_hs *hs : {client.get(), server.get()}) {
    EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_error(hs), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_mode(hs), mode);
    EXPECT_EQ(rtmp_hs_peer_verified(hs), 1);
    EXPECT_EQ(rtmp_hs_needed(hs), 0u);
    EXPECT_EQ(rtmp_hs_pending(hs), 0u);
  }
}

std::string SchemeName(int scheme) {
  return scheme == RTMP_HS_SCHEME_AUTO ? "Auto" : std::to_string(scheme);
}

std::string FlagsName(uint32_t flags) {
  switch (flags) {
    case 0:
      return "None";
    case RTMP_HS_REQUIRE_DIGEST:
      return "Require";
    case RTMP_HS_VERIFY_P2:
      return "Verify";
    default:
      return "RequireVerify";
  }
}

std::string MatrixName(
    const ::testing::TestParamInfo<MatrixParam> &param_info) {
  const auto [cv, sv, cs, ss, cf, sf] = param_info.param;
  char versions[40];
  std::snprintf(versions, sizeof versions, "C%08X_S%08X_", cv, sv);
  return std::string(versions) + "Cs" + SchemeName(cs) + "_Ss" +
         SchemeName(ss) + "_Cf" + FlagsName(cf) + "_Sf" + FlagsName(sf);
}

const uint32_t kAllFlagSets[] = {0, RTMP_HS_REQUIRE_DIGEST, RTMP_HS_VERIFY_P2,
                                 RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2};

INSTANTIATE_TEST_SUITE_P(
    AllCombinations, ClientServerMatrix,
    ::testing::Combine(::testing::Values(kDefaultClientVersion, 0u,
                                         0x09007C02u),
                       ::testing::Values(kDefaultServerVersion, 0u),
                       ::testing::Values(RTMP_HS_SCHEME_AUTO, 0, 1),
                       ::testing::Values(RTMP_HS_SCHEME_AUTO, 0, 1),
                       ::testing::ValuesIn(kAllFlagSets),
                       ::testing::ValuesIn(kAllFlagSets)),
    MatrixName);

}  // namespace
}  // namespace capi_test
