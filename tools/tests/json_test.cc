// The JSON writer behind --json: escaping of anything a peer can send, and
// the object layout.
#include "cli/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace rtmphs::cli {
namespace {

TEST(JsonQuote, EscapesQuotesBackslashAndControls) {
  EXPECT_EQ(JsonQuote("connect"), "\"connect\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(JsonQuote(std::string("\0\x01\x1f\x7f", 4)),
            "\"\\u0000\\u0001\\u001f\\u007f\"");
}

TEST(JsonQuote, ValidUtf8PassesInvalidBytesBecomeReplacement) {
  EXPECT_EQ(JsonQuote("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xa5"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xa5\"");
  EXPECT_EQ(JsonQuote("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(JsonQuote("\xc3"), "\"\\ufffd\"");             // truncated
  EXPECT_EQ(JsonQuote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");  // overlong
  EXPECT_EQ(JsonQuote("\xed\xa0\x80"),                     // a surrogate
            "\"\\ufffd\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonQuote("\xf4\x90\x80\x80"),  // above U+10FFFF
            "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonQuote("a\xe2\x82z"), "\"a\\ufffd\\ufffdz\"");
}

TEST(JsonObject, KeysInOrderWithEveryKindOfValue) {
  JsonObject o;
  o.String("s", "x")
      .Int("i", -5)
      .Bool("t", true)
      .Bool("f", false)
      .Null("n")
      .StringOrNull("sn", std::nullopt)
      .StringOrNull("ss", std::string("y"))
      .IntOrNull("in", std::nullopt)
      .IntOrNull("ii", int64_t{4294967295})
      .Number("d", 1.23456, 3)
      .Number("dn", std::nullopt, 3);
  EXPECT_EQ(o.str(),
            "{\"s\":\"x\",\"i\":-5,\"t\":true,\"f\":false,\"n\":null,"
            "\"sn\":null,\"ss\":\"y\",\"in\":null,\"ii\":4294967295,"
            "\"d\":1.235,\"dn\":null}");
}

TEST(JsonObject, NestedObjects) {
  JsonObject inner;
  inner.String("version", "TLSv1.2").Bool("verified", false);
  JsonObject o;
  o.Bool("ok", true).Object("tls", inner).Object("empty", JsonObject());
  EXPECT_EQ(o.str(),
            "{\"ok\":true,\"tls\":{\"version\":\"TLSv1.2\","
            "\"verified\":false},\"empty\":{}}");
}

TEST(JsonObject, EmptyObjectAndNonFiniteNumbers) {
  EXPECT_EQ(JsonObject().str(), "{}");
  JsonObject o;
  o.Number("nan", std::nan(""), 3)
      .Number("inf", std::numeric_limits<double>::infinity(), 3)
      .Number("big", std::numeric_limits<double>::max(), 3);
  const std::string s = o.str();
  EXPECT_EQ(s.substr(0, 29), "{\"nan\":null,\"inf\":null,\"big\":");
  EXPECT_EQ(s.back(), '}');
  EXPECT_NE(s.find(".000}"), std::string::npos);  // not cut short
}

}  // namespace
}  // namespace rtmphs::cli
