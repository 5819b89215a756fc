/* librtmp's own server handshake (RTMP_Serve from librtmp-dev) as a peer for
 * the interop suite. It accepts one connection on 127.0.0.1 and exits 0 only
 * if librtmp accepted the handshake. In digest mode librtmp checks the C1
 * digest and the C2 signature and refuses on a mismatch, so the exit code is
 * librtmp's verdict on our client.
 *
 * Usage: interop_librtmp_server [PORT [TIMEOUT_S]]
 *   PORT 0 (default) picks a free port. Prints "listening on 127.0.0.1:PORT"
 *   on stdout once bound, then "handshake accepted" or "handshake refused".
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

int main(int argc, char **argv) {
  unsigned long port = 0;
  unsigned long timeout_s = 10;
  if (argc > 3 || (argc > 1 && ParseUint(argv[1], 65535, &port) != 0) ||
      (argc > 2 && ParseUint(argv[2], 3600, &timeout_s) != 0) ||
      timeout_s == 0) {
    fprintf(stderr, "usage: %s [PORT [TIMEOUT_S]]\n", argv[0]);
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

  /* RTMP_Close would try to talk to the peer; just drop the socket. */
  close(fd);
  RTMP_Free(rtmp);
  return accepted ? kExitAccepted : kExitRefused;
}
