// The public header compiled as C++11. Linking proves the extern "C" block:
// without it these calls would reference mangled names the library lacks.
#include <rtmp_handshake.h>

#include <cstdio>
#include <cstring>

int main() {
  int failures = 0;
  rtmp_hs *client = rtmp_hs_new(RTMP_HS_CLIENT);
  rtmp_hs *server = rtmp_hs_new(RTMP_HS_SERVER);
  if (client == nullptr || server == nullptr) {
    std::fprintf(stderr, "rtmp_hs_new failed\n");
    return 1;
  }
  uint8_t buf[4096];
  size_t used = 0;
  rtmp_hs_start(client);
  // Two round trips complete the handshake.
  for (int round = 0; round < 2; ++round) {
    size_t n = rtmp_hs_drain(client, buf, sizeof buf);
    if (rtmp_hs_feed(server, buf, n, &used) != RTMP_HS_OK) ++failures;
    n = rtmp_hs_drain(server, buf, sizeof buf);
    if (rtmp_hs_feed(client, buf, n, &used) != RTMP_HS_OK) ++failures;
  }
  if (rtmp_hs_state(client) != RTMP_HS_DONE) ++failures;
  if (rtmp_hs_state(server) != RTMP_HS_DONE) ++failures;
  if (rtmp_hs_mode(server) != RTMP_HS_MODE_DIGEST) ++failures;
  if (rtmp_hs_peer_verified(server) != 1) ++failures;
  if (std::strcmp(rtmp_hs_status_name(RTMP_HS_OK), "RTMP_HS_OK") != 0) {
    ++failures;
  }
  if (rtmp_hs_version() != ((uint32_t{RTMP_HS_VERSION_MAJOR} << 16) |
                            (uint32_t{RTMP_HS_VERSION_MINOR} << 8) |
                            uint32_t{RTMP_HS_VERSION_PATCH})) {
    ++failures;
  }
  rtmp_hs_random_fn fn = nullptr;
  if (rtmp_hs_set_random(client, fn, nullptr) != RTMP_HS_ERR_ARG) ++failures;
  rtmp_hs_free(client);
  rtmp_hs_free(server);
  if (failures != 0) {
    std::fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  std::printf("ok: header usable from C++11\n");
  return 0;
}
