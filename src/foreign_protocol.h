// Telling a wrong protocol on the port from a bad RTMP version byte, from the
// first bytes alone: a TLS record (RTMPS, or HTTPS) or HTTP text.
#ifndef RTMPHS_FOREIGN_PROTOCOL_H_
#define RTMPHS_FOREIGN_PROTOCOL_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs {

enum class Opening {
  kNeedMore,  // a prefix of a TLS record or HTTP token: wait for more bytes
  kTls,       // content type 20..23 followed by major version 3
  kHttp,      // a request method, "HTTP" (a response) or the HTTP/2 preface
  kUnknown,   // none of these: simply a wrong version byte
};

// Classifies the first n bytes of a peer's stream (n >= 1). Needs at most
// 2 bytes to recognise TLS and 4 to recognise HTTP.
Opening ClassifyOpening(const uint8_t *p, size_t n);

}  // namespace rtmphs

#endif  // RTMPHS_FOREIGN_PROTOCOL_H_
