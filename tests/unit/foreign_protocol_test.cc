// Recognising TLS records and HTTP text from a peer's first bytes, so a
// wrong protocol on the port is reported as such, not as a bad version.
#include "foreign_protocol.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rtmphs {
namespace {

const char *const kHttpTokens[] = {"GET ", "POST", "PUT ", "HEAD",
                                   "HTTP", "OPTI", "DELE", "CONN",
                                   "PATC", "TRAC", "PRI "};

Opening Classify(const std::vector<uint8_t> &bytes) {
  return ClassifyOpening(bytes.data(), bytes.size());
}

Opening Classify(const std::string &text) {
  return ClassifyOpening(reinterpret_cast<const uint8_t *>(text.data()),
                         text.size());
}

TEST(ClassifyOpeningTest, TlsHandshakeRecordIsTls) {
  EXPECT_EQ(Classify(std::vector<uint8_t>{0x16, 0x03}), Opening::kTls);
  EXPECT_EQ(Classify(std::vector<uint8_t>{0x16, 0x03, 0x01, 0x02, 0x00}),
            Opening::kTls);
}

TEST(ClassifyOpeningTest, TlsAlertRecordIsTls) {
  EXPECT_EQ(Classify(std::vector<uint8_t>{0x15, 0x03}), Opening::kTls);
}

TEST(ClassifyOpeningTest, EveryTlsContentTypeWithMajorVersion3IsTls) {
  for (uint8_t type = 20; type <= 23; ++type) {
    EXPECT_EQ(Classify(std::vector<uint8_t>{type, 0x03}), Opening::kTls)
        << "content type " << int{type};
  }
}

TEST(ClassifyOpeningTest, TlsContentTypeAloneNeedsMoreBytes) {
  for (uint8_t type = 20; type <= 23; ++type) {
    EXPECT_EQ(Classify(std::vector<uint8_t>{type}), Opening::kNeedMore)
        << "content type " << int{type};
  }
}

TEST(ClassifyOpeningTest, TlsContentTypeWithOtherMajorVersionIsUnknown) {
  EXPECT_EQ(Classify(std::vector<uint8_t>{0x16, 0x02}), Opening::kUnknown);
  EXPECT_EQ(Classify(std::vector<uint8_t>{0x16, 0x04}), Opening::kUnknown);
  EXPECT_EQ(Classify(std::vector<uint8_t>{0x16, 0x00}), Opening::kUnknown);
}

TEST(ClassifyOpeningTest, BytesJustOutsideTlsContentTypesAreUnknown) {
  EXPECT_EQ(Classify(std::vector<uint8_t>{19, 0x03}), Opening::kUnknown);
  EXPECT_EQ(Classify(std::vector<uint8_t>{24, 0x03}), Opening::kUnknown);
}

TEST(ClassifyOpeningTest, EveryCompleteHttpTokenIsHttp) {
  for (const char *token : kHttpTokens) {
    EXPECT_EQ(Classify(std::string(token)), Opening::kHttp) << token;
    EXPECT_EQ(Classify(std::string(token) + "/ more text"), Opening::kHttp)
        << token;
  }
}

TEST(ClassifyOpeningTest, EveryProperPrefixOfAnHttpTokenNeedsMoreBytes) {
  for (const char *token : kHttpTokens) {
    const std::string t(token);
    for (size_t n = 1; n < t.size(); ++n) {
      EXPECT_EQ(Classify(t.substr(0, n)), Opening::kNeedMore)
          << "prefix '" << t.substr(0, n) << "' of " << token;
    }
  }
}

TEST(ClassifyOpeningTest, NearMissesOfHttpTokensAreUnknown) {
  EXPECT_EQ(Classify(std::string("GEX ")), Opening::kUnknown);
  EXPECT_EQ(Classify(std::string("HTTX")), Opening::kUnknown);
  EXPECT_EQ(Classify(std::string("GETX")), Opening::kUnknown);
  EXPECT_EQ(Classify(std::string("GEX")), Opening::kUnknown);
  EXPECT_EQ(Classify(std::string("get ")), Opening::kUnknown);
  EXPECT_EQ(Classify(std::string("PRIX")), Opening::kUnknown);
}

TEST(ClassifyOpeningTest, OtherFirstBytesAreUnknown) {
  for (int b : {0x00, 0x01, 0x03, 0x06, 0x08, 0x09, 0x0a, 0x20, 0x41, 0x7f,
                0xf3, 0xff}) {
    EXPECT_EQ(Classify(std::vector<uint8_t>{static_cast<uint8_t>(b)}),
              Opening::kUnknown)
        << "first byte " << b;
  }
}

TEST(ClassifyOpeningTest, NothingYetNeedsMoreAndReadsNothing) {
  EXPECT_EQ(ClassifyOpening(nullptr, 0), Opening::kNeedMore);
}

}  // namespace
}  // namespace rtmphs
