#include "foreign_protocol.h"

namespace rtmphs {
namespace {

// TLS record content types: change_cipher_spec, alert, handshake,
// application_data. A client sees an alert when it speaks RTMP to a TLS port.
constexpr uint8_t kTlsFirst = 20;
constexpr uint8_t kTlsLast = 23;
constexpr uint8_t kTlsMajorVersion = 3;

// Four-byte openings of HTTP/1.x requests and responses and the HTTP/2
// connection preface ("PRI * HTTP/2.0").
constexpr char kHttpTokens[][5] = {"GET ", "POST", "PUT ", "HEAD",
                                   "HTTP", "OPTI", "DELE", "CONN",
                                   "PATC", "TRAC", "PRI "};
constexpr size_t kHttpTokenSize = 4;

bool IsHttpPrefix(const uint8_t *p, size_t n, bool *complete) {
  const size_t len = n < kHttpTokenSize ? n : kHttpTokenSize;
  for (const auto &token : kHttpTokens) {
    size_t i = 0;
    while (i < len && p[i] == static_cast<uint8_t>(token[i])) {
      ++i;
    }
    if (i == len) {
      *complete = len == kHttpTokenSize;
      return true;
    }
  }
  return false;
}

}  // namespace

Opening ClassifyOpening(const uint8_t *p, size_t n) {
  if (n == 0) {
    return Opening::kNeedMore;
  }
  if (p[0] >= kTlsFirst && p[0] <= kTlsLast) {
    if (n < 2) {
      return Opening::kNeedMore;
    }
    return p[1] == kTlsMajorVersion ? Opening::kTls : Opening::kUnknown;
  }
  bool complete = false;
  if (IsHttpPrefix(p, n, &complete)) {
    return complete ? Opening::kHttp : Opening::kNeedMore;
  }
  return Opening::kUnknown;
}

}  // namespace rtmphs
