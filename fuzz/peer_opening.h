// An independent statement of the P0 rule (BRIEF: P0 must be 3; 20..23 then
// 0x03 is TLS; eleven 4-byte HTTP openings), to judge the library against.
#ifndef RTMPHS_FUZZ_PEER_OPENING_H_
#define RTMPHS_FUZZ_PEER_OPENING_H_

#include <cstddef>
#include <cstdint>

#include "rtmp_handshake.h"

namespace rtmphs_fuzz {

// Where the opening of a peer stream fails the handshake: after `at` bytes
// with `code`. at == 0: it does not (P0 is 3, or too few bytes to tell).
struct OpeningVerdict {
  size_t at = 0;
  int code = RTMP_HS_OK;
};

inline OpeningVerdict JudgeOpening(const uint8_t *p, size_t n) {
  static const char kHttp[][5] = {"GET ", "POST", "PUT ", "HEAD",
                                  "HTTP", "OPTI", "DELE", "CONN",
                                  "PATC", "TRAC", "PRI "};
  OpeningVerdict v;
  if (n == 0 || p[0] == 3) {
    return v;
  }
  if (p[0] >= 20 && p[0] <= 23) {
    if (n >= 2) {
      v.at = 2;
      v.code = p[1] == 3 ? RTMP_HS_ERR_TLS : RTMP_HS_ERR_VERSION;
    }
    return v;
  }
  for (size_t k = 1; k <= 4 && k <= n; ++k) {
    bool prefix = false;
    for (const auto &token : kHttp) {
      size_t i = 0;
      while (i < k && p[i] == static_cast<uint8_t>(token[i])) {
        ++i;
      }
      prefix = prefix || i == k;
    }
    if (!prefix) {
      v.at = k;
      v.code = RTMP_HS_ERR_VERSION;
      return v;
    }
    if (k == 4) {
      v.at = 4;
      v.code = RTMP_HS_ERR_HTTP;
    }
  }
  return v;
}

}  // namespace rtmphs_fuzz

#endif  // RTMPHS_FUZZ_PEER_OPENING_H_
