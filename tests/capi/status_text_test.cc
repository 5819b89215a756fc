// Status names and texts for every code and any other int, and the
// run-time version against the header's macros.
#include <climits>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>

#include "handshake_pump.h"

namespace capi_test {
namespace {

struct Code {
  int value;
  const char *name;
};

const Code kCodes[] = {
    {RTMP_HS_OK, "RTMP_HS_OK"},
    {RTMP_HS_ERR_ARG, "RTMP_HS_ERR_ARG"},
    {RTMP_HS_ERR_STATE, "RTMP_HS_ERR_STATE"},
    {RTMP_HS_ERR_NOMEM, "RTMP_HS_ERR_NOMEM"},
    {RTMP_HS_ERR_VERSION, "RTMP_HS_ERR_VERSION"},
    {RTMP_HS_ERR_TLS, "RTMP_HS_ERR_TLS"},
    {RTMP_HS_ERR_HTTP, "RTMP_HS_ERR_HTTP"},
    {RTMP_HS_ERR_DIGEST, "RTMP_HS_ERR_DIGEST"},
    {RTMP_HS_ERR_SIGNATURE, "RTMP_HS_ERR_SIGNATURE"},
    {RTMP_HS_ERR_DH, "RTMP_HS_ERR_DH"},
    {RTMP_HS_ERR_UNSUPPORTED, "RTMP_HS_ERR_UNSUPPORTED"},
    {RTMP_HS_ERR_RANDOM, "RTMP_HS_ERR_RANDOM"},
    {RTMP_HS_ERR_CRYPTO, "RTMP_HS_ERR_CRYPTO"},
    {RTMP_HS_ERR_INTERNAL, "RTMP_HS_ERR_INTERNAL"},
};

TEST(StatusCodes, ValuesAreTheAbi) {
  // API.md: values are never renumbered.
  const int expected[] = {0,   -1,  -2,  -3,  -10, -11, -12,
                          -13, -14, -15, -16, -20, -21, -99};
  ASSERT_EQ(sizeof kCodes / sizeof kCodes[0], sizeof expected / sizeof(int));
  for (size_t i = 0; i < sizeof expected / sizeof(int); ++i) {
    EXPECT_EQ(kCodes[i].value, expected[i]) << kCodes[i].name;
  }
  EXPECT_EQ(RTMP_HS_CLIENT, 1);
  EXPECT_EQ(RTMP_HS_SERVER, 2);
  EXPECT_EQ(RTMP_HS_IN_PROGRESS, 0);
  EXPECT_EQ(RTMP_HS_DONE, 1);
  EXPECT_EQ(RTMP_HS_FAILED, 2);
  EXPECT_EQ(RTMP_HS_MODE_SIMPLE, 0);
  EXPECT_EQ(RTMP_HS_MODE_DIGEST, 1);
  EXPECT_EQ(RTMP_HS_MODE_ENCRYPTED, 2);
  EXPECT_EQ(RTMP_HS_SCHEME_AUTO, -1);
  EXPECT_EQ(RTMP_HS_REQUIRE_DIGEST, 1u);
  EXPECT_EQ(RTMP_HS_VERIFY_P2, 2u);
}

TEST(StatusCodes, EveryCodeHasItsNameAndItsOwnText) {
  std::set<std::string> texts;
  for (const Code &c : kCodes) {
    SCOPED_TRACE(c.name);
    const char *name = rtmp_hs_status_name(c.value);
    ASSERT_NE(name, nullptr);
    EXPECT_STREQ(name, c.name);
    const char *text = rtmp_hs_strerror(c.value);
    ASSERT_NE(text, nullptr);
    EXPECT_GT(std::strlen(text), 0u);
    EXPECT_STRNE(text, rtmp_hs_strerror(INT_MIN)) << "not the unknown text";
    EXPECT_TRUE(texts.insert(text).second) << "duplicate text: " << text;
    // Static: the same pointer every time.
    EXPECT_EQ(rtmp_hs_strerror(c.value), text);
    EXPECT_EQ(rtmp_hs_status_name(c.value), name);
  }
}

TEST(StatusCodes, UnknownIntsGiveAPlaceholderNeverNull) {
  for (int v : {1, 2, 3, -4, -5, -9, -17, -18, -19, -22, -50, -98, -100, 1000,
                INT_MIN, INT_MAX, INT_MIN + 1}) {
    SCOPED_TRACE(v);
    const char *name = rtmp_hs_status_name(v);
    ASSERT_NE(name, nullptr);
    EXPECT_STREQ(name, "RTMP_HS_ERR_?");
    const char *text = rtmp_hs_strerror(v);
    ASSERT_NE(text, nullptr);
    EXPECT_GT(std::strlen(text), 0u);
    for (const Code &c : kCodes) {
      EXPECT_STRNE(text, rtmp_hs_strerror(c.value)) << c.name;
    }
  }
  for (int v = -200; v <= 200; ++v) {
    EXPECT_NE(rtmp_hs_strerror(v), nullptr);
    EXPECT_NE(rtmp_hs_status_name(v), nullptr);
  }
}

TEST(Version, RunTimeMatchesTheHeaderMacros) {
  const uint32_t expected =
      (static_cast<uint32_t>(RTMP_HS_VERSION_MAJOR) << 16) |
      (static_cast<uint32_t>(RTMP_HS_VERSION_MINOR) << 8) |
      static_cast<uint32_t>(RTMP_HS_VERSION_PATCH);
  EXPECT_EQ(rtmp_hs_version(), expected);
  char text[32];
  std::snprintf(text, sizeof text, "%d.%d.%d", RTMP_HS_VERSION_MAJOR,
                RTMP_HS_VERSION_MINOR, RTMP_HS_VERSION_PATCH);
  ASSERT_NE(rtmp_hs_version_string(), nullptr);
  EXPECT_STREQ(rtmp_hs_version_string(), text);
  EXPECT_EQ(rtmp_hs_version_string(), rtmp_hs_version_string());
}

}  // namespace
}  // namespace capi_test
