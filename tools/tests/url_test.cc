// rtmp:// URLs and HOST:PORT addresses as the tool accepts them.
#include "cli/url.h"

#include <gtest/gtest.h>

namespace rtmphs::cli {
namespace {

RtmpUrl Parse(const std::string &text) {
  RtmpUrl url;
  std::string error;
  EXPECT_TRUE(ParseRtmpUrl(text, &url, &error)) << text << ": " << error;
  return url;
}

std::string Error(const std::string &text) {
  RtmpUrl url;
  std::string error;
  EXPECT_FALSE(ParseRtmpUrl(text, &url, &error)) << text;
  return error;
}

TEST(ParseRtmpUrl, HostOnlyGetsTheDefaultPort) {
  const RtmpUrl url = Parse("rtmp://example.com");
  EXPECT_EQ(url.scheme, "rtmp");
  EXPECT_EQ(url.host, "example.com");
  EXPECT_EQ(url.port, 1935);
  EXPECT_EQ(url.path, "");
  EXPECT_FALSE(url.encrypted);
}

TEST(ParseRtmpUrl, PortAndPath) {
  const RtmpUrl url = Parse("rtmp://127.0.0.1:19350/live/stream?key=1");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 19350);
  EXPECT_EQ(url.path, "/live/stream?key=1");
  EXPECT_EQ(Parse("rtmp://h/app").port, 1935);
  EXPECT_EQ(Parse("rtmp://h:65535").port, 65535);
}

TEST(ParseRtmpUrl, SchemeIsCaseInsensitiveAndRtmpeIsFlagged) {
  EXPECT_EQ(Parse("RTMP://h/a").scheme, "rtmp");
  const RtmpUrl e = Parse("rtmpe://h/a");
  EXPECT_TRUE(e.encrypted);
  EXPECT_EQ(e.scheme, "rtmpe");
}

TEST(ParseRtmpUrl, RtmpsIsTlsWithDefaultPort443) {
  const RtmpUrl s = Parse("rtmps://live-api-s.facebook.com/rtmp/");
  EXPECT_TRUE(s.tls);
  EXPECT_FALSE(s.encrypted);
  EXPECT_EQ(s.scheme, "rtmps");
  EXPECT_EQ(s.port, 443);
  EXPECT_EQ(s.path, "/rtmp/");
  EXPECT_EQ(Parse("RTMPS://h:1936/a").port, 1936);
  EXPECT_FALSE(Parse("rtmp://h/a").tls);
  EXPECT_FALSE(Parse("rtmpe://h/a").tls);
}

TEST(ParseRtmpUrl, Ipv6LiteralInBrackets) {
  const RtmpUrl url = Parse("rtmp://[::1]:1936/live");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 1936);
  EXPECT_EQ(url.path, "/live");
  EXPECT_EQ(Parse("rtmp://[fe80::1]").port, 1935);
}

TEST(ParseRtmpUrl, RejectsWhatIsNotAnRtmpUrl) {
  EXPECT_NE(Error("example.com:1935").find("not a URL"), std::string::npos);
  EXPECT_NE(Error("http://h/").find("unsupported scheme 'http://'"),
            std::string::npos);
  EXPECT_NE(Error("rtmpt://h/").find("rtmpt"), std::string::npos);
  EXPECT_NE(Error("rtmp:///live").find("host"), std::string::npos);
  EXPECT_NE(Error("rtmp://:1935/live").find("host"), std::string::npos);
  EXPECT_NE(Error("rtmp://h:0/").find("port"), std::string::npos);
  EXPECT_NE(Error("rtmp://h:65536/").find("port"), std::string::npos);
  EXPECT_NE(Error("rtmp://h:12a/").find("port"), std::string::npos);
  EXPECT_NE(Error("rtmp://h:/").find("port"), std::string::npos);
  EXPECT_NE(Error("rtmp://h:-1/").find("port"), std::string::npos);
  EXPECT_NE(Error("rtmp://[::1/").find("'['"), std::string::npos);
  EXPECT_FALSE(Error("rtmp://[::1]x/").empty());
  EXPECT_FALSE(Error("rtmp://::1/").empty());  // IPv6 needs brackets
  EXPECT_FALSE(Error("rtmp://user@h/").empty());
}

TEST(ParseHostPort, AcceptsPortZeroAndIpv6) {
  HostPort hp;
  std::string error;
  ASSERT_TRUE(ParseHostPort("127.0.0.1:0", &hp, &error)) << error;
  EXPECT_EQ(hp.host, "127.0.0.1");
  EXPECT_EQ(hp.port, 0);
  ASSERT_TRUE(ParseHostPort("[::1]:1935", &hp, &error)) << error;
  EXPECT_EQ(hp.host, "::1");
  EXPECT_EQ(hp.port, 1935);
  ASSERT_TRUE(ParseHostPort("localhost:65535", &hp, &error)) << error;
  EXPECT_EQ(hp.port, 65535);
}

TEST(ParseHostPort, RejectsMissingOrBadParts) {
  HostPort hp;
  std::string error;
  EXPECT_FALSE(ParseHostPort("127.0.0.1", &hp, &error));
  EXPECT_NE(error.find("port is missing"), std::string::npos);
  EXPECT_FALSE(ParseHostPort(":1935", &hp, &error));
  EXPECT_FALSE(ParseHostPort("h:99999", &hp, &error));
  EXPECT_FALSE(ParseHostPort("h:x", &hp, &error));
  EXPECT_FALSE(ParseHostPort("", &hp, &error));
}

TEST(FormatHostPort, BracketsIpv6) {
  EXPECT_EQ(FormatHostPort("127.0.0.1", 1935), "127.0.0.1:1935");
  EXPECT_EQ(FormatHostPort("::1", 80), "[::1]:80");
}

}  // namespace
}  // namespace rtmphs::cli
