// libFuzzer target: a client handle against arbitrary server bytes.
#include <cstddef>
#include <cstdint>

#include "rtmp_handshake.h"
#include "single_role.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rtmphs_fuzz::RunSingleRole(RTMP_HS_CLIENT, data, size);
  return 0;
}
