/*
 * The public header used from strict C99: a client and a server complete the
 * digest and the original handshake through it, with handles from rtmp_hs_new
 * and handles built in static memory by rtmp_hs_init. Exit status 0 only if
 * every check holds.
 */
#include <rtmp_handshake.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

enum { kFlight = 3073, kP0P1 = 1537, kPacket = 1536, kTrailing = 16 };

/* Moves everything `from` has queued to `to`; returns the bytes moved. The
 * bytes are also appended to wire (capacity kFlight). */
static size_t relay(rtmp_hs *from, rtmp_hs *to, uint8_t *wire,
                    size_t *wire_len) {
  uint8_t buf[kFlight];
  size_t n = rtmp_hs_drain(from, buf, sizeof buf);
  size_t consumed = 0;
  if (n == 0) {
    return 0;
  }
  CHECK(*wire_len + n <= kFlight);
  if (*wire_len + n <= kFlight) {
    memcpy(wire + *wire_len, buf, n);
    *wire_len += n;
  }
  CHECK(rtmp_hs_feed(to, buf, n, &consumed) == RTMP_HS_OK);
  CHECK(consumed == n);
  return n;
}

static uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
         ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* Caller-owned memory for a handle: 8 KiB (the documented upper bound of
 * rtmp_hs_sizeof()), aligned as C99 allows: long double is 16 on x86-64. */
typedef union {
  long double align;
  unsigned char bytes[8192];
} handle_memory;
static handle_memory client_memory;
static handle_memory server_memory;

static int all_zero(const unsigned char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i) {
    if (p[i] != 0) {
      return 0;
    }
  }
  return 1;
}

static rtmp_hs *make(int role, int in_caller_memory) {
  handle_memory *mem = role == RTMP_HS_CLIENT ? &client_memory : &server_memory;
  if (!in_caller_memory) {
    return rtmp_hs_new(role);
  }
  CHECK((uintptr_t)mem->bytes % 16 == 0);
  CHECK(rtmp_hs_sizeof() <= sizeof mem->bytes);
  CHECK(rtmp_hs_init(mem->bytes, rtmp_hs_sizeof() - 1, role) == NULL);
  return rtmp_hs_init(mem->bytes, sizeof mem->bytes, role);
}

/* Releases hs the way it was made; a caller-owned block must end all zero. */
static void release(rtmp_hs *hs, int in_caller_memory) {
  if (!in_caller_memory) {
    rtmp_hs_free(hs);
    return;
  }
  CHECK(!all_zero((const unsigned char *)hs, rtmp_hs_sizeof()));
  rtmp_hs_cleanup(hs);
  if (hs != NULL) {
    CHECK(all_zero((const unsigned char *)hs, sizeof client_memory.bytes));
  }
}

/* One handshake: the client's C2 arrives with trailing chunk-stream bytes. */
static void run(uint32_t client_version, int expected_mode,
                int in_caller_memory) {
  const uint32_t client_time = 0x01020304u;
  const uint32_t server_time = 0x0A0B0C0Du;
  uint8_t to_server[kFlight];
  uint8_t to_client[kFlight];
  size_t to_server_len = 0;
  size_t to_client_len = 0;
  uint8_t c2_and_more[kPacket + kTrailing];
  size_t c2_len;
  size_t consumed = 0;
  rtmp_hs *client = make(RTMP_HS_CLIENT, in_caller_memory);
  rtmp_hs *server = make(RTMP_HS_SERVER, in_caller_memory);

  CHECK(client != NULL && server != NULL);
  if (client == NULL || server == NULL) {
    release(client, in_caller_memory);
    release(server, in_caller_memory);
    return;
  }
  CHECK(rtmp_hs_set_version(client, client_version) == RTMP_HS_OK);
  CHECK(rtmp_hs_set_time(client, client_time) == RTMP_HS_OK);
  CHECK(rtmp_hs_set_time(server, server_time) == RTMP_HS_OK);
  CHECK(rtmp_hs_set_flags(server, RTMP_HS_VERIFY_P2) == RTMP_HS_OK);
  CHECK(rtmp_hs_set_flags(client, RTMP_HS_VERIFY_P2) == RTMP_HS_OK);
  CHECK(rtmp_hs_set_scheme(client, RTMP_HS_SCHEME_AUTO) == RTMP_HS_OK);
  CHECK(rtmp_hs_start(client) == RTMP_HS_OK);
  CHECK(rtmp_hs_pending(client) == kP0P1);

  /* C0+C1 to the server, S0+S1+S2 back. */
  CHECK(relay(client, server, to_server, &to_server_len) == kP0P1);
  CHECK(relay(server, client, to_client, &to_client_len) == kFlight);
  CHECK(rtmp_hs_state(client) == RTMP_HS_DONE);

  /* C2 plus the start of the chunk stream in one read. */
  c2_len = rtmp_hs_drain(client, c2_and_more, kPacket);
  CHECK(c2_len == kPacket);
  memset(c2_and_more + kPacket, 0xC3, kTrailing);
  CHECK(rtmp_hs_feed(server, c2_and_more, sizeof c2_and_more, &consumed) ==
        RTMP_HS_OK);
  CHECK(consumed == kPacket);
  CHECK(c2_and_more[consumed] == 0xC3);
  CHECK(rtmp_hs_feed(server, c2_and_more + consumed,
                     sizeof c2_and_more - consumed, &consumed) == RTMP_HS_OK);
  CHECK(consumed == 0);

  CHECK(rtmp_hs_state(server) == RTMP_HS_DONE);
  CHECK(rtmp_hs_error(client) == RTMP_HS_OK);
  CHECK(rtmp_hs_error(server) == RTMP_HS_OK);
  CHECK(rtmp_hs_mode(client) == expected_mode);
  CHECK(rtmp_hs_mode(server) == expected_mode);
  CHECK(rtmp_hs_peer_verified(client) == 1);
  CHECK(rtmp_hs_peer_verified(server) == 1);
  CHECK(rtmp_hs_peer_time(server) == client_time);
  CHECK(rtmp_hs_peer_time(client) == server_time);
  CHECK(rtmp_hs_peer_p0(client) == 3);
  CHECK(rtmp_hs_peer_p0(server) == 3);
  CHECK(rtmp_hs_needed(client) == 0);
  CHECK(rtmp_hs_needed(server) == 0);
  CHECK(rtmp_hs_peer_version(server) == client_version);
  if (expected_mode == RTMP_HS_MODE_DIGEST) {
    CHECK(rtmp_hs_peer_scheme(server) == 0);
    CHECK(rtmp_hs_peer_scheme(client) == 0);
    CHECK(rtmp_hs_peer_version(client) == 0x04050001u);
  } else {
    /* The original handshake: S2 echoes C1, C2 echoes S1, byte for byte. */
    CHECK(rtmp_hs_peer_scheme(server) == -1);
    CHECK(rtmp_hs_peer_version(client) == 0);
    CHECK(memcmp(to_client + kP0P1, to_server + 1, kPacket) == 0);
    CHECK(memcmp(c2_and_more, to_client + 1, kPacket) == 0);
  }
  CHECK(load_be32(to_server + 1) == client_time);
  CHECK(load_be32(to_client + 1) == server_time);

  release(client, in_caller_memory);
  release(server, in_caller_memory);
}

static void check_misc(void) {
  char expected[32];
  uint8_t byte = 0x16;
  size_t consumed = 0;
  rtmp_hs *server = rtmp_hs_new(RTMP_HS_SERVER);

  CHECK(rtmp_hs_version() == (((uint32_t)RTMP_HS_VERSION_MAJOR << 16) |
                              ((uint32_t)RTMP_HS_VERSION_MINOR << 8) |
                              (uint32_t)RTMP_HS_VERSION_PATCH));
  sprintf(expected, "%d.%d.%d", RTMP_HS_VERSION_MAJOR, RTMP_HS_VERSION_MINOR,
          RTMP_HS_VERSION_PATCH);
  CHECK(strcmp(rtmp_hs_version_string(), expected) == 0);
  CHECK(strcmp(rtmp_hs_status_name(RTMP_HS_ERR_TLS), "RTMP_HS_ERR_TLS") == 0);
  CHECK(rtmp_hs_strerror(-12345) != NULL);
  CHECK(rtmp_hs_new(0) == NULL);
  CHECK(rtmp_hs_init(NULL, sizeof client_memory.bytes, RTMP_HS_CLIENT) == NULL);
  CHECK(rtmp_hs_init(client_memory.bytes, sizeof client_memory.bytes, 0) ==
        NULL);
  CHECK(rtmp_hs_init(client_memory.bytes + 8, rtmp_hs_sizeof(),
                     RTMP_HS_CLIENT) == NULL);
  rtmp_hs_cleanup(NULL);
  CHECK(rtmp_hs_start(NULL) == RTMP_HS_ERR_ARG);
  CHECK(rtmp_hs_state(NULL) == RTMP_HS_FAILED);

  /* A TLS ClientHello is recognised on its second byte. */
  CHECK(rtmp_hs_feed(server, &byte, 1, &consumed) == RTMP_HS_OK);
  byte = 0x03;
  CHECK(rtmp_hs_feed(server, &byte, 1, &consumed) == RTMP_HS_ERR_TLS);
  CHECK(rtmp_hs_feed(server, &byte, 1, &consumed) == RTMP_HS_ERR_TLS);
  CHECK(consumed == 0);
  CHECK(rtmp_hs_error(server) == RTMP_HS_ERR_TLS);
  rtmp_hs_free(server);
}

int main(void) {
  run(0x80000702u, RTMP_HS_MODE_DIGEST, 0);
  run(0, RTMP_HS_MODE_SIMPLE, 0);
  run(0x80000702u, RTMP_HS_MODE_DIGEST, 1);
  run(0, RTMP_HS_MODE_SIMPLE, 1);
  check_misc();
  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf(
      "ok: digest and original handshakes through the C99 header, "
      "on the heap and in caller memory\n");
  return 0;
}
