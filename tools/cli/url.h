// Parsing of rtmp:// URLs and HOST:PORT listen addresses for the tool.
#ifndef RTMP_HS_TOOLS_CLI_URL_H_
#define RTMP_HS_TOOLS_CLI_URL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace rtmphs::cli {

inline constexpr uint16_t kDefaultRtmpPort = 1935;
inline constexpr uint16_t kDefaultRtmpsPort = 443;

struct RtmpUrl {
  std::string scheme;  // lower case: "rtmp", "rtmpe" or "rtmps"
  std::string host;    // without the brackets of an IPv6 literal
  uint16_t port = kDefaultRtmpPort;
  std::string path;  // everything after the authority ("/live/x"), may be ""
  bool encrypted = false;  // rtmpe://
  bool tls = false;        // rtmps://: TLS first, default port 443
};

// Parses rtmp://host[:port][/app...], rtmpe://... and rtmps://... (IPv6
// hosts in brackets). Other schemes (rtmpt, http, ...) are rejected with a
// message saying why. Returns false and sets *error on failure.
bool ParseRtmpUrl(std::string_view text, RtmpUrl *out, std::string *error);

struct HostPort {
  std::string host;  // without brackets
  uint16_t port = 0;
};

// Parses HOST:PORT or [IPV6]:PORT; the port may be 0 (any free port).
bool ParseHostPort(std::string_view text, HostPort *out, std::string *error);

// host:port, with brackets around a host that contains ':' (IPv6).
std::string FormatHostPort(std::string_view host, uint16_t port);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_CLI_URL_H_
