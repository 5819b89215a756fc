/* librtmp's own server handshake (RTMP_Serve from librtmp-dev) as a peer for
 * the interop suite. It accepts one connection on 127.0.0.1 and exits 0 only
 * if librtmp accepted the handshake. In digest mode librtmp checks the C1
 * digest and the C2 signature and refuses on a mismatch, so the exit code is
 * librtmp's verdict on our client.
 *
 * Usage: interop_librtmp_server [PORT [TIMEOUT_S [read]]]
 *   PORT 0 (default) picks a free port. Prints "listening on 127.0.0.1:PORT"
 *   on stdout once bound, then "handshake accepted" or "handshake refused".
 *   With "read", an accepted handshake is followed by reading the client's
 *   first RTMP message with librtmp (which decrypts it under RTMPE) and
 *   printing "first command: NAME" (its AMF0 command name) or "no command". *
 * Exit: 0 accepted, 1 refused, 2 usage/socket error or timeout. */
#include <arpa/inet.h>
#include <errno.h>
#include <librtmp/log.h>
#include <librtmp/rtmp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { kExitAccepted = 0, kExitRefused = 1, kExitError = 2 };

static int ParseUint(const char *text, unsigned long max, unsigned long *out) {
  char *end = NULL;
  errno = 0;
  unsigned long value = strtoul(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value > max) return -1;
  *out = value;
  return 0;
}

static int Listen(uint16_t port, uint16_t *bound_port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(fd, 1) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    close(fd);
    return -1;
  }
  *bound_port = ntohs(addr.sin_port);
  return fd;
}

/* librtmp blocks in recv/send; socket timeouts keep a silent peer from
 * hanging the test. */
static void SetIoTimeouts(int fd, unsigned long seconds) {
  struct timeval tv;
  tv.tv_sec = (time_t)seconds;
  tv.tv_usec = 0;
  (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Reads messages with librtmp (RC4-decrypted under RTMPE: RTMP_Serve set
 * the keys up) until the first AMF0 command, and prints its name. */
static void PrintFirstCommand(RTMP *rtmp) {
  RTMPPacket packet;
  memset(&packet, 0, sizeof packet);
  int messages = 0;
  while (messages < 8 && RTMP_ReadPacket(rtmp, &packet)) {
    if (!RTMPPacket_IsReady(&packet)) {
      continue; /* more chunks of this message to come */
    }
    ++messages;
    const unsigned char *body = (const unsigned char *)packet.m_body;
    if (packet.m_packetType == RTMP_PACKET_TYPE_INVOKE &&
        packet.m_nBodySize >= 3 && body[0] == 0x02) {
      unsigned len = ((unsigned)body[1] << 8) | body[2];
      if (len <= packet.m_nBodySize - 3) {
        printf("first command: %.*s\n", (int)len, (const char *)body + 3);
        fflush(stdout);
        RTMPPacket_Free(&packet);
        return;
      }
    }
    RTMPPacket_Free(&packet);
  }
  RTMPPacket_Free(&packet);
  printf("no command\n");
}

int main(int argc, char **argv) {
  unsigned long port = 0;
  unsigned long timeout_s = 10;
  int read_command = argc > 3 && strcmp(argv[3], "read") == 0;
  if (argc > 4 || (argc > 3 && !read_command) ||
      (argc > 1 && ParseUint(argv[1], 65535, &port) != 0) ||
      (argc > 2 && ParseUint(argv[2], 3600, &timeout_s) != 0) ||
      timeout_s == 0) {
    fprintf(stderr, "usage: %s [PORT [TIMEOUT_S [read]]]\n", argv[0]);
    return kExitError;
  }

  uint16_t bound_port = 0;
  int listen_fd = Listen((uint16_t)port, &bound_port);
  if (listen_fd < 0) {
    perror("listen on 127.0.0.1");
    return kExitError;
  }
  printf("listening on 127.0.0.1:%u\n", (unsigned)bound_port);
  fflush(stdout);

  struct pollfd pfd = {listen_fd, POLLIN, 0};
  int ready = poll(&pfd, 1, (int)(timeout_s * 1000));
  if (ready <= 0) {
    fprintf(stderr, "no connection within %lu s\n", timeout_s);
    close(listen_fd);
    return kExitError;
  }
  int fd = accept(listen_fd, NULL, NULL);
  close(listen_fd);
  if (fd < 0) {
    perror("accept");
    return kExitError;
  }
  SetIoTimeouts(fd, timeout_s);

  RTMP_LogSetOutput(stderr);
  RTMP_LogSetLevel(RTMP_LOGDEBUG);
  RTMP *rtmp = RTMP_Alloc();
  if (rtmp == NULL) {
    close(fd);
    return kExitError;
  }
  RTMP_Init(rtmp);
  rtmp->m_sb.sb_socket = fd;
  int accepted = RTMP_Serve(rtmp);
  printf("handshake %s\n", accepted ? "accepted" : "refused");
  fflush(stdout);
  if (accepted && read_command) {
    PrintFirstCommand(rtmp);
  }

  /* Drop the socket first: RTMP_Close then says nothing to the peer (it is
     no longer connected) and only frees what the session holds, RTMPE's DH
     and RC4 state among it (the sanitizer builds check that nothing leaks). */
  close(fd);
  rtmp->m_sb.sb_socket = -1;
  RTMP_Close(rtmp);
  RTMP_Free(rtmp);
  return accepted ? kExitAccepted : kExitRefused;
}
