// Run-time version, in the same encoding as the header's macros.
#include <cstring>

#include "rtmp_handshake.h"

#define RTMP_HS_STR2(x) #x
#define RTMP_HS_STR(x) RTMP_HS_STR2(x)
#define RTMP_HS_VERSION_TEXT         \
  RTMP_HS_STR(RTMP_HS_VERSION_MAJOR) \
  "." RTMP_HS_STR(RTMP_HS_VERSION_MINOR) "." RTMP_HS_STR(RTMP_HS_VERSION_PATCH)

namespace {
constexpr bool SameText(const char *a, const char *b) {
  for (; *a == *b; ++a, ++b) {
    if (*a == '\0') {
      return true;
    }
  }
  return false;
}
}  // namespace

// CMake reads the version from the header; this keeps the two from drifting.
static_assert(SameText(RTMP_HS_VERSION_TEXT, RTMP_HS_VERSION_STRING_CMAKE),
              "header version macros differ from the CMake project version");

extern "C" {

uint32_t rtmp_hs_version(void) {
  return (static_cast<uint32_t>(RTMP_HS_VERSION_MAJOR) << 16) |
         (static_cast<uint32_t>(RTMP_HS_VERSION_MINOR) << 8) |
         static_cast<uint32_t>(RTMP_HS_VERSION_PATCH);
}

const char *rtmp_hs_version_string(void) { return RTMP_HS_VERSION_TEXT; }

}  // extern "C"
