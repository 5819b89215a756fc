#include "net/transport.h"

#include <sys/socket.h>

namespace rtmphs::cli {

ssize_t TcpTransport::Read(uint8_t *buf, size_t len) {
  return recv(fd_, buf, len, 0);
}

ssize_t TcpTransport::Write(const uint8_t *buf, size_t len) {
  return send(fd_, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
}

}  // namespace rtmphs::cli
