/* The smallest RTMP client that proves a real server accepts our handshake:
 * it runs the client handshake with librtmp-handshake over a socket, sends an
 * AMF0 "connect" command and reads chunks until the server answers "_result"
 * (or "_error"). Written in C (not Python over ctypes) so it runs in static
 * and sanitizer builds too.
 *
 * Usage: interop_connect_client HOST PORT APP [--simple] [--scheme 0|1]
 *                               [--encrypt 6|8|9] [--timeout S]
 * With --encrypt (RTMPE) everything after the handshake is RC4: connect is
 * encrypted, the answer decrypted, leftovers of the handshake first.
 * Prints one JSON object on stdout:
 *   {"ok", "error", "mode", "peer_version", "peer_scheme", "s2_verified",
 *    "leftover", "messages" (types received, in order), "chunk_size" (the
 *    server's, after any Set Chunk Size), "command", "code"}
 * Exit 0 only when "_result" arrived. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <rtmp_handshake.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum {
  kDefaultChunkSize = 128,
  kMaxChunkStreams = 320, /* basic header ids 2..319 (1- and 2-byte forms) */
  kMaxMessages = 32,      /* give up if no answer comes after this many */
  kMaxMessageSize = 1 << 20,
  kMsgSetChunkSize = 1,
  kMsgAmf3Command = 17,
  kMsgAmf0Command = 20,
  kAmfNumber = 0x00,
  kAmfBoolean = 0x01,
  kAmfString = 0x02,
  kAmfObject = 0x03,
  kAmfObjectEnd = 0x09
};

/* ---- Output -------------------------------------------------------------- */

typedef struct Report {
  const char *error; /* NULL on success */
  int mode;
  uint32_t peer_version;
  int peer_scheme;
  int s2_verified;
  size_t leftover;
  int encryption; /* the agreed RTMPE type, 0 for none */
  int messages[kMaxMessages];
  int message_count;
  uint32_t chunk_size;
  char command[64];
  char code[128];
} Report;

static void PrintJsonString(const char *text) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\') {
      printf("\\%c", *p);
    } else if (*p < 0x20 || *p >= 0x7f) {
      printf("\\u%04x", (unsigned)*p);
    } else {
      putchar(*p);
    }
  }
  putchar('"');
}

static void PrintReport(const Report *r) {
  printf("{\"ok\": %s, \"error\": ", r->error == NULL ? "true" : "false");
  if (r->error == NULL) {
    printf("null");
  } else {
    PrintJsonString(r->error);
  }
  printf(", \"mode\": ");
  if (r->mode == RTMP_HS_MODE_SIMPLE) {
    printf("\"simple\"");
  } else if (r->mode == RTMP_HS_MODE_DIGEST) {
    printf("\"digest\"");
  } else if (r->mode == RTMP_HS_MODE_ENCRYPTED) {
    printf("\"encrypted\"");
  } else {
    printf("null");
  }
  printf(", \"peer_version\": %lu, \"peer_scheme\": ",
         (unsigned long)r->peer_version);
  if (r->peer_scheme < 0) {
    printf("null");
  } else {
    printf("%d", r->peer_scheme);
  }
  printf(
      ", \"s2_verified\": %s, \"leftover\": %zu, \"encryption\": %d, "
      "\"messages\": [",
      r->s2_verified ? "true" : "false", r->leftover, r->encryption);
  for (int i = 0; i < r->message_count; ++i) {
    printf("%s%d", i == 0 ? "" : ", ", r->messages[i]);
  }
  printf("], \"chunk_size\": %lu, \"command\": ", (unsigned long)r->chunk_size);
  if (r->command[0] == '\0') {
    printf("null");
  } else {
    PrintJsonString(r->command);
  }
  printf(", \"code\": ");
  if (r->code[0] == '\0') {
    printf("null");
  } else {
    PrintJsonString(r->code);
  }
  printf("}\n");
}

/* ---- Socket -------------------------------------------------------------- */

static int ConnectTcp(const char *host, uint16_t port, unsigned timeout_s) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) return -1;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct timeval tv;
  tv.tv_sec = (time_t)timeout_s;
  tv.tv_usec = 0;
  (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int SendAll(int fd, const uint8_t *data, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Buffered reader over the socket; bytes left over from the handshake are
 * put in first. */
typedef struct Reader {
  int fd;
  rtmp_hs *decrypt; /* set after an encrypted handshake */
  uint8_t data[65536];
  size_t start;
  size_t end;
} Reader;

/* Makes at least n unread bytes available; -1 on EOF, error or timeout. */
static int Need(Reader *rd, size_t n) {
  if (rd->end - rd->start >= n) return 0;
  if (n > sizeof rd->data) return -1;
  memmove(rd->data, rd->data + rd->start, rd->end - rd->start);
  rd->end -= rd->start;
  rd->start = 0;
  while (rd->end < n) {
    ssize_t got =
        recv(rd->fd, rd->data + rd->end, sizeof rd->data - rd->end, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -1;
    if (rd->decrypt != NULL && rtmp_hs_decrypt(rd->decrypt, rd->data + rd->end,
                                               (size_t)got) != RTMP_HS_OK) {
      return -1;
    }
    rd->end += (size_t)got;
  }
  return 0;
}

static const uint8_t *Take(Reader *rd, size_t n) {
  const uint8_t *p = rd->data + rd->start;
  rd->start += n;
  return p;
}

/* ---- Handshake ----------------------------------------------------------- */

static int FlushHandshake(rtmp_hs *hs, int fd) {
  uint8_t out[4096];
  size_t n;
  while ((n = rtmp_hs_drain(hs, out, sizeof out)) > 0) {
    if (SendAll(fd, out, n) != 0) return -1;
  }
  return 0;
}

/* Runs the client handshake; leaves any bytes after S2 in the reader. */
static const char *Handshake(rtmp_hs *hs, Reader *rd, Report *report) {
  if (rtmp_hs_start(hs) != RTMP_HS_OK) return "rtmp_hs_start failed";
  while (rtmp_hs_state(hs) == RTMP_HS_IN_PROGRESS) {
    if (FlushHandshake(hs, rd->fd) != 0) return "send failed";
    rd->start = rd->end = 0;
    if (Need(rd, 1) != 0) return "connection closed during the handshake";
    size_t used = 0;
    int rc = rtmp_hs_feed(hs, rd->data, rd->end, &used);
    if (rc != RTMP_HS_OK) return rtmp_hs_status_name(rc);
    rd->start = used;
  }
  /* The call that completed it may have queued C2. */
  if (FlushHandshake(hs, rd->fd) != 0) return "send failed";
  report->mode = rtmp_hs_mode(hs);
  report->peer_version = rtmp_hs_peer_version(hs);
  report->peer_scheme = rtmp_hs_peer_scheme(hs);
  report->s2_verified = rtmp_hs_peer_verified(hs);
  report->leftover = rd->end - rd->start;
  report->encryption = rtmp_hs_encryption_type(hs);
  if (report->encryption != 0) {
    /* The leftovers of the completing feed are already ciphertext. */
    if (rtmp_hs_decrypt(hs, rd->data + rd->start, rd->end - rd->start) !=
        RTMP_HS_OK) {
      return "rtmp_hs_decrypt failed";
    }
    rd->decrypt = hs;
  }
  return NULL;
}

/* ---- AMF0 connect -------------------------------------------------------- */

typedef struct Writer {
  uint8_t data[1024];
  size_t len;
  int overflow;
} Writer;

static void PutBytes(Writer *w, const void *p, size_t n) {
  if (w->len + n > sizeof w->data) {
    w->overflow = 1;
    return;
  }
  memcpy(w->data + w->len, p, n);
  w->len += n;
}

static void PutByte(Writer *w, uint8_t b) { PutBytes(w, &b, 1); }

static void PutBe(Writer *w, uint64_t value, size_t width) {
  for (size_t i = width; i > 0; --i) {
    PutByte(w, (uint8_t)(value >> (8 * (i - 1))));
  }
}

static void PutKey(Writer *w, const char *key) {
  PutBe(w, strlen(key), 2);
  PutBytes(w, key, strlen(key));
}

static void PutString(Writer *w, const char *text) {
  PutByte(w, kAmfString);
  PutKey(w, text);
}

static void PutNumber(Writer *w, double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  PutByte(w, kAmfNumber);
  PutBe(w, bits, 8);
}

static void PutBoolean(Writer *w, int value) {
  PutByte(w, kAmfBoolean);
  PutByte(w, value ? 1 : 0);
}

/* The properties a Flash Player sends; long enough (> 128 bytes) that the
 * message spans two chunks, so the server must reassemble it. */
static void BuildConnect(Writer *w, const char *app, const char *tc_url) {
  PutString(w, "connect");
  PutNumber(w, 1.0);
  PutByte(w, kAmfObject);
  PutKey(w, "app");
  PutString(w, app);
  PutKey(w, "flashVer");
  PutString(w, "LNX 9,0,124,2");
  PutKey(w, "tcUrl");
  PutString(w, tc_url);
  PutKey(w, "fpad");
  PutBoolean(w, 0);
  PutKey(w, "capabilities");
  PutNumber(w, 15.0);
  PutKey(w, "audioCodecs");
  PutNumber(w, 3191.0);
  PutKey(w, "videoCodecs");
  PutNumber(w, 252.0);
  PutKey(w, "videoFunction");
  PutNumber(w, 1.0);
  PutBe(w, 0, 2);
  PutByte(w, kAmfObjectEnd);
}

/* Chunk stream 3, message stream 0, fmt 0 header, then fmt 3 (0xC3)
 * continuation headers every 128 bytes (our chunk size is the default). */
static int SendCommand(int fd, rtmp_hs *hs, const Writer *body) {
  Writer out = {{0}, 0, 0};
  PutByte(&out, 0x03);
  PutBe(&out, 0, 3); /* timestamp */
  PutBe(&out, body->len, 3);
  PutByte(&out, kMsgAmf0Command);
  PutBytes(&out, "\0\0\0\0", 4); /* message stream id, little-endian */
  for (size_t off = 0; off < body->len; off += kDefaultChunkSize) {
    if (off > 0) PutByte(&out, 0xC3);
    size_t n = body->len - off;
    if (n > kDefaultChunkSize) n = kDefaultChunkSize;
    PutBytes(&out, body->data + off, n);
  }
  if (out.overflow || body->overflow) return -1;
  if (rtmp_hs_encryption_type(hs) != 0 &&
      rtmp_hs_encrypt(hs, out.data, out.len) != RTMP_HS_OK) {
    return -1;
  }
  return SendAll(fd, out.data, out.len);
}

/* ---- Reading the answer -------------------------------------------------- */

typedef struct ChunkStream {
  uint32_t length;
  uint8_t type;
  int extended; /* the last header carried an extended timestamp */
  uint8_t *message;
  uint32_t received;
} ChunkStream;

static uint32_t Be(const uint8_t *p, size_t width) {
  uint32_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | p[i];
  return v;
}

/* Copies an AMF0 string at p (type marker first) into out; -1 if malformed. */
static int ReadAmfString(const uint8_t *p, const uint8_t *end, char *out,
                         size_t cap) {
  if (end - p < 3 || p[0] != kAmfString) return -1;
  size_t len = Be(p + 1, 2);
  if ((size_t)(end - p - 3) < len || len >= cap) return -1;
  memcpy(out, p + 3, len);
  out[len] = '\0';
  return 0;
}

/* The info object's "code" (e.g. NetConnection.Connect.Success): found by
 * its key, which is enough for the replies these servers send. */
static void FindCode(const uint8_t *body, size_t len, char *out, size_t cap) {
  static const uint8_t kKey[] = {0x00, 0x04, 'c', 'o', 'd', 'e'};
  for (size_t i = 0; i + sizeof kKey < len; ++i) {
    if (memcmp(body + i, kKey, sizeof kKey) == 0 &&
        ReadAmfString(body + i + sizeof kKey, body + len, out, cap) == 0) {
      return;
    }
  }
}

/* Handles one complete message; returns 1 when the answer to connect came. */
static int OnMessage(uint8_t type, const uint8_t *body, uint32_t len,
                     Report *report) {
  if (report->message_count < kMaxMessages) {
    report->messages[report->message_count++] = type;
  }
  if (type == kMsgSetChunkSize && len >= 4) {
    uint32_t size = Be(body, 4) & 0x7FFFFFFFu;
    if (size > 0) report->chunk_size = size;
    return 0;
  }
  if (type == kMsgAmf3Command && len > 0) {
    ++body; /* AMF3 command messages start with a format byte */
    --len;
  } else if (type != kMsgAmf0Command) {
    return 0;
  }
  char name[64];
  if (ReadAmfString(body, body + len, name, sizeof name) != 0) return 0;
  if (strcmp(name, "_result") != 0 && strcmp(name, "_error") != 0) return 0;
  snprintf(report->command, sizeof report->command, "%s", name);
  FindCode(body, len, report->code, sizeof report->code);
  return 1;
}

static ChunkStream g_streams[kMaxChunkStreams];

static void FreeChunkStreams(void) {
  for (size_t i = 0; i < kMaxChunkStreams; ++i) free(g_streams[i].message);
}

static const char *ReadAnswer(Reader *rd, Report *report) {
  static const size_t kHeaderSize[4] = {11, 7, 3, 0};
  report->chunk_size = kDefaultChunkSize;
  while (report->message_count < kMaxMessages) {
    if (Need(rd, 1) != 0) return "connection closed before _result";
    uint8_t first = *Take(rd, 1);
    unsigned fmt = first >> 6;
    unsigned csid = first & 0x3Fu;
    if (csid < 2) {
      size_t extra = csid == 0 ? 1 : 2;
      if (Need(rd, extra) != 0) return "truncated chunk header";
      const uint8_t *p = Take(rd, extra);
      csid = 64u + p[0] + (csid == 1 ? 256u * p[1] : 0u);
    }
    if (csid >= kMaxChunkStreams) return "chunk stream id out of range";
    ChunkStream *cs = &g_streams[csid];
    if (Need(rd, kHeaderSize[fmt]) != 0) return "truncated chunk header";
    const uint8_t *h = Take(rd, kHeaderSize[fmt]);
    if (fmt < 3) {
      cs->extended = Be(h, 3) == 0xFFFFFFu;
      if (fmt < 2) {
        if (cs->received != 0) return "new message header mid-message";
        cs->length = Be(h + 3, 3);
        cs->type = h[6];
      }
    }
    if (cs->extended) {
      if (Need(rd, 4) != 0) return "truncated extended timestamp";
      (void)Take(rd, 4);
    }
    if (cs->length > kMaxMessageSize) return "message too large";
    if (cs->message == NULL) {
      cs->message = malloc(kMaxMessageSize);
      if (cs->message == NULL) return "out of memory";
    }
    uint32_t n = cs->length - cs->received;
    if (n > report->chunk_size) n = report->chunk_size;
    if (Need(rd, n) != 0) return "truncated chunk";
    memcpy(cs->message + cs->received, Take(rd, n), n);
    cs->received += n;
    if (cs->received == cs->length) {
      cs->received = 0;
      if (OnMessage(cs->type, cs->message, cs->length, report)) {
        return strcmp(report->command, "_result") == 0 ? NULL
                                                       : "server sent _error";
      }
    }
  }
  return "no _result among the first messages";
}

/* ---- Main ---------------------------------------------------------------- */

static void Usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s HOST PORT APP [--simple] [--scheme 0|1] [--encrypt T] "
          "[--timeout S]\n",
          argv0);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    Usage(argv[0]);
    return 2;
  }
  const char *host = argv[1];
  long port = strtol(argv[2], NULL, 10);
  const char *app = argv[3];
  int simple = 0;
  int encrypt = 0;
  int scheme = RTMP_HS_SCHEME_AUTO;
  long timeout_s = 10;
  for (int i = 4; i < argc; ++i) {
    if (strcmp(argv[i], "--simple") == 0) {
      simple = 1;
    } else if (strcmp(argv[i], "--scheme") == 0 && i + 1 < argc) {
      scheme = (int)strtol(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--encrypt") == 0 && i + 1 < argc) {
      encrypt = (int)strtol(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
      timeout_s = strtol(argv[++i], NULL, 10);
    } else {
      Usage(argv[0]);
      return 2;
    }
  }
  if (port <= 0 || port > 65535 || timeout_s <= 0 || timeout_s > 3600) {
    Usage(argv[0]);
    return 2;
  }

  Report report;
  memset(&report, 0, sizeof report);
  report.mode = -1;
  report.peer_scheme = -1;

  static Reader reader;
  reader.fd = ConnectTcp(host, (uint16_t)port, (unsigned)timeout_s);
  rtmp_hs *hs = rtmp_hs_new(RTMP_HS_CLIENT);
  if (reader.fd < 0) {
    report.error = "connect failed";
  } else if (hs == NULL) {
    report.error = "rtmp_hs_new failed";
  } else if ((simple && rtmp_hs_set_version(hs, 0) != RTMP_HS_OK) ||
             rtmp_hs_set_scheme(hs, scheme) != RTMP_HS_OK ||
             rtmp_hs_set_encryption(hs, encrypt) != RTMP_HS_OK) {
    report.error = "bad handshake option";
  } else {
    report.error = Handshake(hs, &reader, &report);
  }
  if (report.error == NULL) {
    char tc_url[300];
    snprintf(tc_url, sizeof tc_url, "rtmp://%s:%ld/%s", host, port, app);
    Writer body = {{0}, 0, 0};
    BuildConnect(&body, app, tc_url);
    if (SendCommand(reader.fd, hs, &body) != 0) {
      report.error = "sending connect failed";
    } else {
      report.error = ReadAnswer(&reader, &report);
    }
  }
  PrintReport(&report);
  FreeChunkStreams();
  rtmp_hs_free(hs);
  if (reader.fd >= 0) close(reader.fd);
  return report.error == NULL ? 0 : 1;
}
