/*
 * handshake_in_memory.c: a client handle and a server handle talk to each
 * other through memory, in every mode, using only the public C API. Nothing
 * here touches a socket: rtmp_hs_drain() gives the bytes one side would send,
 * rtmp_hs_feed() hands them to the other side.
 *
 * Prints what each side learned about its peer; exits non-zero if any
 * handshake fails.
 */
#include <rtmp_handshake.h>
#include <stdio.h>

struct ModeCase {
  const char *name;
  uint32_t client_version; /* 0 = original handshake, no digest */
  int client_scheme;       /* where the client's C1 digest goes */
  uint32_t server_version; /* 0 = the server answers the original way */
};

static const struct ModeCase kCases[] = {
    {"digest, scheme 0", 0x80000702U, 0, 0x04050001U},
    {"digest, scheme 1", 0x80000702U, 1, 0x04050001U},
    {"original", 0, RTMP_HS_SCHEME_AUTO, 0x04050001U},
    {"digest vs original server", 0x80000702U, 0, 0},
};

/* Move everything `from` has queued into `to`, in small pieces to show that
 * any fragmentation works. Counts the bytes; returns the first failure. */
static int Pump(rtmp_hs *from, rtmp_hs *to, size_t *moved) {
  uint8_t piece[500];
  size_t n;
  while ((n = rtmp_hs_drain(from, piece, sizeof piece)) > 0) {
    size_t consumed = 0;
    int rc = rtmp_hs_feed(to, piece, n, &consumed);
    if (rc != RTMP_HS_OK) {
      return rc;
    }
    *moved += n;
  }
  return RTMP_HS_OK;
}

static const char *ModeName(int mode) {
  switch (mode) {
    case RTMP_HS_MODE_SIMPLE:
      return "simple";
    case RTMP_HS_MODE_DIGEST:
      return "digest";
    case RTMP_HS_MODE_ENCRYPTED:
      return "encrypted";
    default:
      return "-";
  }
}

static void PrintSide(const char *label, const char *side, const rtmp_hs *hs,
                      size_t received) {
  static const char *const kSchemes[] = {"none", "0", "1"};
  const char *scheme = kSchemes[rtmp_hs_peer_scheme(hs) + 1]; /* -1, 0, 1 */
  printf("%-26s %-6s  %-8s  0x%08lX    %-11s  %-8s  %lu\n", label, side,
         ModeName(rtmp_hs_mode(hs)), (unsigned long)rtmp_hs_peer_version(hs),
         scheme, rtmp_hs_peer_verified(hs) ? "yes" : "no",
         (unsigned long)received);
}

/* Runs one handshake; returns 1 if both sides completed. */
static int RunCase(const struct ModeCase *c) {
  rtmp_hs *client = rtmp_hs_new(RTMP_HS_CLIENT);
  rtmp_hs *server = rtmp_hs_new(RTMP_HS_SERVER);
  size_t to_server = 0;
  size_t to_client = 0;
  int rc = RTMP_HS_ERR_NOMEM;
  int completed = 0;

  if (client != NULL && server != NULL) {
    /* Options go before the first start/feed; each can only fail on a bad
     * value, so stop at the first failure. */
    rc = rtmp_hs_set_version(client, c->client_version);
    if (rc == RTMP_HS_OK) {
      rc = rtmp_hs_set_scheme(client, c->client_scheme);
    }
    if (rc == RTMP_HS_OK) {
      rc = rtmp_hs_set_version(server, c->server_version);
    }
    if (rc == RTMP_HS_OK) {
      rc = rtmp_hs_start(client); /* queues C0+C1 */
    }
  }
  /* Each round trip makes progress; a handful is plenty, and a bound keeps a
   * bug from looping forever. */
  for (int round = 0; rc == RTMP_HS_OK && round < 8; ++round) {
    if (rtmp_hs_state(client) != RTMP_HS_IN_PROGRESS &&
        rtmp_hs_state(server) != RTMP_HS_IN_PROGRESS &&
        rtmp_hs_pending(client) == 0 && rtmp_hs_pending(server) == 0) {
      break;
    }
    rc = Pump(client, server, &to_server);
    if (rc == RTMP_HS_OK) {
      rc = Pump(server, client, &to_client);
    }
  }

  completed = rc == RTMP_HS_OK && rtmp_hs_state(client) == RTMP_HS_DONE &&
              rtmp_hs_state(server) == RTMP_HS_DONE;
  if (completed) {
    PrintSide(c->name, "client", client, to_client);
    PrintSide("", "server", server, to_server);
  } else {
    printf("%-26s FAILED: %s (%s)\n", c->name, rtmp_hs_status_name(rc),
           rtmp_hs_strerror(rc));
  }
  rtmp_hs_free(client);
  rtmp_hs_free(server);
  return completed;
}

int main(void) {
  size_t count = sizeof kCases / sizeof kCases[0];
  size_t ok = 0;
  printf("rtmp-handshake %s: client and server in memory\n\n",
         rtmp_hs_version_string());
  printf("%-26s %-6s  %-8s  %-12s  %-11s  %-8s  %s\n", "case", "side", "mode",
         "peer version", "peer scheme", "verified", "bytes received");
  for (size_t i = 0; i < count; ++i) {
    ok += (size_t)RunCase(&kCases[i]);
  }
  printf("\n%lu of %lu handshakes completed\n", (unsigned long)ok,
         (unsigned long)count);
  return ok == count ? 0 : 1;
}
