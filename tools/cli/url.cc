#include "cli/url.h"

#include <cctype>

namespace rtmphs::cli {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char &c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Decimal 0..65535, digits only.
bool ParsePort(std::string_view text, uint16_t *port) {
  if (text.empty() || text.size() > 5) {
    return false;
  }
  uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > 65535) {
    return false;
  }
  *port = static_cast<uint16_t>(value);
  return true;
}

// Splits "host", "host:port", "[v6]" or "[v6]:port". has_port tells whether
// a port was written.
bool SplitAuthority(std::string_view authority, std::string *host,
                    std::string_view *port_text, bool *has_port,
                    std::string *error) {
  *has_port = false;
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      *error = "unterminated '[' in the host";
      return false;
    }
    *host = std::string(authority.substr(1, close - 1));
    rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      *error = "unexpected text after ']'";
      return false;
    }
  } else {
    size_t colon = authority.find(':');
    *host = std::string(authority.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view()
                                           : authority.substr(colon);
  }
  if (host->empty()) {
    *error = "the host is missing";
    return false;
  }
  if (host->find_first_of(" \t@[]") != std::string::npos) {
    *error = "invalid character in the host";
    return false;
  }
  if (!rest.empty()) {
    *has_port = true;
    *port_text = rest.substr(1);
  }
  return true;
}

}  // namespace

bool ParseRtmpUrl(std::string_view text, RtmpUrl *out, std::string *error) {
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    *error = "not a URL (expected rtmp://host[:port][/app...])";
    return false;
  }
  RtmpUrl url;
  url.scheme = Lower(text.substr(0, sep));
  if (url.scheme == "rtmpe") {
    url.encrypted = true;
  } else if (url.scheme == "rtmps") {
    url.tls = true;
    url.port = kDefaultRtmpsPort;
  } else if (url.scheme != "rtmp") {
    *error = "unsupported scheme '" + url.scheme +
             "://' (rtmp://, rtmps:// and rtmpe:// are handshakes this tool "
             "runs)";
    return false;
  }
  std::string_view rest = text.substr(sep + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (end != std::string_view::npos) {
    url.path = std::string(rest.substr(end));
  }

  std::string_view port_text;
  bool has_port = false;
  if (!SplitAuthority(authority, &url.host, &port_text, &has_port, error)) {
    return false;
  }
  if (has_port && (!ParsePort(port_text, &url.port) || url.port == 0)) {
    *error = "invalid port '" + std::string(port_text) + "'";
    return false;
  }
  *out = std::move(url);
  return true;
}

bool ParseHostPort(std::string_view text, HostPort *out, std::string *error) {
  HostPort result;
  std::string_view port_text;
  bool has_port = false;
  if (!SplitAuthority(text, &result.host, &port_text, &has_port, error)) {
    return false;
  }
  if (!has_port) {
    *error = "the port is missing (expected HOST:PORT)";
    return false;
  }
  if (!ParsePort(port_text, &result.port)) {
    *error = "invalid port '" + std::string(port_text) + "'";
    return false;
  }
  *out = std::move(result);
  return true;
}

std::string FormatHostPort(std::string_view host, uint16_t port) {
  std::string out;
  if (host.find(':') != std::string_view::npos) {
    out.append("[").append(host).append("]");
  } else {
    out.append(host);
  }
  return out.append(":").append(std::to_string(port));
}

}  // namespace rtmphs::cli
