/*
 * Consumer of an installed rtmp-handshake: a client and a server complete
 * the handshake in memory through the public C API. Built both by the CMake
 * package (CMakeLists.txt here) and by pkg-config (../pkgconfig_consumer.sh).
 *
 * Usage: consumer [shared|static]  (checks that the build flags announced
 * that flavour: RTMP_HS_STATIC is defined exactly for the static package).
 */
#include <rtmp_handshake.h>
#include <stdio.h>
#include <string.h>

/* Bytes a real peer would send right after its P2: the chunk stream. */
static const uint8_t kTrailer[] = {0x02, 0x00, 0x00, 0x00};

static int Fail(const char *what) {
  fprintf(stderr, "consumer: %s\n", what);
  return 1;
}

/* Move what `from` has queued to `to`, plus kTrailer once from has finished,
 * and check that `to` leaves exactly the trailer unconsumed. */
static int Pump(rtmp_hs *from, rtmp_hs *to) {
  uint8_t buf[4096];
  size_t len = rtmp_hs_drain(from, buf, sizeof buf - sizeof kTrailer);
  size_t consumed = 0;
  int rc;
  int from_done = rtmp_hs_state(from) == RTMP_HS_DONE;
  if (len == 0) return 0;
  if (from_done && rtmp_hs_pending(from) == 0) {
    memcpy(buf + len, kTrailer, sizeof kTrailer);
    len += sizeof kTrailer;
  }
  rc = rtmp_hs_feed(to, buf, len, &consumed);
  if (rc != RTMP_HS_OK) {
    fprintf(stderr, "consumer: feed failed: %s (%s)\n", rtmp_hs_status_name(rc),
            rtmp_hs_strerror(rc));
    return -1;
  }
  if (rtmp_hs_state(to) == RTMP_HS_DONE && from_done &&
      len - consumed != sizeof kTrailer) {
    fprintf(stderr, "consumer: %zu bytes left after the handshake, want %zu\n",
            len - consumed, sizeof kTrailer);
    return -1;
  }
  return 1;
}

int main(int argc, char **argv) {
  rtmp_hs *client = rtmp_hs_new(RTMP_HS_CLIENT);
  rtmp_hs *server = rtmp_hs_new(RTMP_HS_SERVER);
  const uint32_t header_version = ((uint32_t)RTMP_HS_VERSION_MAJOR << 16) |
                                  ((uint32_t)RTMP_HS_VERSION_MINOR << 8) |
                                  (uint32_t)RTMP_HS_VERSION_PATCH;
  int round;
  int ok = 0;

  if (argc > 1) {
#ifdef RTMP_HS_STATIC
    const char *flavour = "static";
#else
    const char *flavour = "shared";
#endif
    if (strcmp(argv[1], flavour) != 0) {
      fprintf(stderr, "consumer: built as %s, expected %s\n", flavour, argv[1]);
      return 1;
    }
  }
  if (rtmp_hs_version() != header_version) {
    return Fail("the loaded library's version differs from the header's");
  }
  if (client == NULL || server == NULL) return Fail("rtmp_hs_new failed");
  if (rtmp_hs_start(client) != RTMP_HS_OK) return Fail("client start failed");

  for (round = 0; round < 8; ++round) {
    int moved_to_server = Pump(client, server);
    int moved_to_client = Pump(server, client);
    if (moved_to_server < 0 || moved_to_client < 0) break;
    if (rtmp_hs_state(client) == RTMP_HS_DONE &&
        rtmp_hs_state(server) == RTMP_HS_DONE && rtmp_hs_pending(client) == 0 &&
        rtmp_hs_pending(server) == 0) {
      ok = 1;
      break;
    }
    if (moved_to_server == 0 && moved_to_client == 0) break;
  }

  if (!ok) {
    fprintf(stderr, "consumer: stuck: client %s, server %s\n",
            rtmp_hs_status_name(rtmp_hs_error(client)),
            rtmp_hs_status_name(rtmp_hs_error(server)));
  } else if (rtmp_hs_mode(client) != RTMP_HS_MODE_DIGEST ||
             rtmp_hs_mode(server) != RTMP_HS_MODE_DIGEST) {
    ok = Fail("expected the digest handshake on both sides") == 0;
  } else if (!rtmp_hs_peer_verified(client) || !rtmp_hs_peer_verified(server)) {
    ok = Fail("a peer's P2 did not verify") == 0;
  }
  rtmp_hs_free(client);
  rtmp_hs_free(server);
  if (!ok) return 1;
  printf("rtmp-handshake %s: handshake DONE\n", rtmp_hs_version_string());
  return 0;
}
