// Option forms and value parsers shared by the subcommands.
#include "cli/args.h"

#include <gtest/gtest.h>

namespace rtmphs::cli {
namespace {

TEST(ArgReader, FlagsValuesAndPositionals) {
  ArgReader args({"URL", "--json", "--timeout", "2.5", "--scheme=1"});
  std::string value;
  EXPECT_FALSE(args.PeekIsOption());
  EXPECT_EQ(args.Next(), "URL");
  EXPECT_FALSE(args.Flag("--js"));  // no prefix matching
  EXPECT_TRUE(args.Flag("--json"));
  EXPECT_FALSE(args.Value("--time", &value));
  ASSERT_TRUE(args.Value("--timeout", &value));
  EXPECT_EQ(value, "2.5");
  ASSERT_TRUE(args.Value("--scheme", &value));
  EXPECT_EQ(value, "1");
  EXPECT_TRUE(args.AtEnd());
  EXPECT_EQ(args.error(), "");
}

TEST(ArgReader, MissingValueAndValueOnAFlagAreErrors) {
  ArgReader missing({"--timeout"});
  std::string value;
  EXPECT_FALSE(missing.Value("--timeout", &value));
  EXPECT_EQ(missing.error(), "option --timeout needs a value");

  ArgReader flag({"--json=yes"});
  EXPECT_FALSE(flag.Flag("--json"));
  EXPECT_EQ(flag.error(), "option --json takes no value");
}

TEST(ArgReader, EmptyValueWithEquals) {
  ArgReader args({"--listen="});
  std::string value = "x";
  ASSERT_TRUE(args.Value("--listen", &value));
  EXPECT_EQ(value, "");
}

TEST(ArgReader, DashAloneIsAPositional) {
  ArgReader args({"-", "-x"});
  EXPECT_FALSE(args.PeekIsOption());
  args.Next();
  EXPECT_TRUE(args.PeekIsOption());
}

TEST(ParseUint32, HexAndDecimal) {
  uint32_t v = 0;
  ASSERT_TRUE(ParseUint32("0x0D0E0A0D", &v));
  EXPECT_EQ(v, 0x0D0E0A0DU);
  ASSERT_TRUE(ParseUint32("0XffffFFFF", &v));
  EXPECT_EQ(v, 0xFFFFFFFFU);
  ASSERT_TRUE(ParseUint32("4294967295", &v));
  EXPECT_EQ(v, 4294967295U);
  ASSERT_TRUE(ParseUint32("0", &v));
  EXPECT_EQ(v, 0U);
  ASSERT_TRUE(ParseUint32("010", &v));  // decimal, not octal
  EXPECT_EQ(v, 10U);
}

TEST(ParseUint32, RejectsOutOfRangeAndJunk) {
  uint32_t v = 7;
  for (const char *bad : {"", "0x", "4294967296", "0x100000000", "-1", "+1",
                          " 1", "1 ", "12abc", "0xg", "1e3"}) {
    EXPECT_FALSE(ParseUint32(bad, &v)) << bad;
  }
  EXPECT_EQ(v, 7U);
}

TEST(ParseCount, PositiveOnly) {
  uint32_t v = 0;
  ASSERT_TRUE(ParseCount("3", &v));
  EXPECT_EQ(v, 3U);
  for (const char *bad : {"0", "-3", "", "1.5", "99999999999", "2147483648"}) {
    EXPECT_FALSE(ParseCount(bad, &v)) << bad;
  }
}

TEST(ParseSeconds, DecimalsWithinADay) {
  double s = 0;
  ASSERT_TRUE(ParseSeconds("0.25", &s));
  EXPECT_DOUBLE_EQ(s, 0.25);
  ASSERT_TRUE(ParseSeconds("10", &s));
  EXPECT_DOUBLE_EQ(s, 10);
  ASSERT_TRUE(ParseSeconds(".5", &s));
  EXPECT_DOUBLE_EQ(s, 0.5);
  for (const char *bad : {"0", "0.0", "-1", "", ".", "inf", "nan", "1e3",
                          "0x10", " 1", "86401", "1.2.3"}) {
    EXPECT_FALSE(ParseSeconds(bad, &s)) << bad;
  }
}

}  // namespace
}  // namespace rtmphs::cli
