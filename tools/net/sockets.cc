#include "net/sockets.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rtmphs::cli {

int64_t NowUs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

int PollTimeoutMs(int64_t deadline_us) {
  const int64_t left = deadline_us - NowUs();
  if (left <= 0) {
    return 0;
  }
  const int64_t ms = (left + 999) / 1000;
  return ms > 1000000 ? 1000000 : static_cast<int>(ms);
}

void IgnoreSigpipe() {
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  sigaction(SIGPIPE, &action, nullptr);
}

bool SetNonBlocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

std::string NetErrorText(int err) {
  switch (err) {
    case ECONNREFUSED:
      return "connection refused";
    case ECONNRESET:
      return "connection reset by peer";
    case EPIPE:
      return "connection closed by peer";
    case ETIMEDOUT:
      return "timeout";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    case EADDRINUSE:
      return "address already in use";
    case EADDRNOTAVAIL:
      return "address not available";
    case EACCES:
      return "permission denied";
    default:
      break;
  }
  std::string text = std::strerror(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

std::string FormatAddress(const SocketAddress &address) {
  char host[INET6_ADDRSTRLEN] = "?";
  const auto *sa = reinterpret_cast<const sockaddr *>(&address.storage);
  if (sa->sa_family == AF_INET) {
    const auto *in = reinterpret_cast<const sockaddr_in *>(sa);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) +
           "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "?";
}

uint16_t PortOf(const SocketAddress &address) {
  const auto *sa = reinterpret_cast<const sockaddr *>(&address.storage);
  if (sa->sa_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in *>(sa)->sin_port);
  }
  if (sa->sa_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_port);
  }
  return 0;
}

namespace {

std::string AddressOf(int fd, bool peer) {
  SocketAddress address;
  address.length = sizeof address.storage;
  auto *sa = reinterpret_cast<sockaddr *>(&address.storage);
  const int rc = peer ? getpeername(fd, sa, &address.length)
                      : getsockname(fd, sa, &address.length);
  return rc == 0 ? FormatAddress(address) : std::string();
}

// Waits until a non-blocking connect finished; returns 0 or the errno.
int FinishConnect(int fd, int64_t deadline_us) {
  pollfd p{fd, POLLOUT, 0};
  for (;;) {
    const int n = poll(&p, 1, PollTimeoutMs(deadline_us));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return errno;
    }
    if (n == 0) {
      return ETIMEDOUT;
    }
    break;
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
    return errno;
  }
  return err;
}

}  // namespace

std::string LocalAddressOf(int fd) { return AddressOf(fd, false); }
std::string PeerAddressOf(int fd) { return AddressOf(fd, true); }

bool ResolveTcp(const std::string &host, uint16_t port, bool passive,
                std::vector<SocketAddress> *out, std::string *error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
  addrinfo *list = nullptr;
  const std::string service = std::to_string(port);
  const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    *error = "cannot resolve '" + host + "': " + gai_strerror(rc);
    return false;
  }
  out->clear();
  for (addrinfo *ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addrlen > sizeof(sockaddr_storage)) {
      continue;
    }
    SocketAddress address;
    std::memcpy(&address.storage, ai->ai_addr, ai->ai_addrlen);
    address.length = ai->ai_addrlen;
    out->push_back(address);
  }
  freeaddrinfo(list);
  if (out->empty()) {
    *error = "cannot resolve '" + host + "': no TCP address";
    return false;
  }
  return true;
}

int ConnectTcp(const std::vector<SocketAddress> &addresses, int64_t deadline_us,
               std::string *error, SocketAddress *connected) {
  int last_error = EADDRNOTAVAIL;
  for (const SocketAddress &address : addresses) {
    if (NowUs() >= deadline_us) {
      last_error = ETIMEDOUT;
      break;
    }
    const auto *sa = reinterpret_cast<const sockaddr *>(&address.storage);
    const int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    int err = 0;
    if (!SetNonBlocking(fd)) {
      err = errno;
    } else if (connect(fd, sa, address.length) != 0) {
      err = errno == EINPROGRESS ? FinishConnect(fd, deadline_us) : errno;
    }
    if (err == 0) {
      if (connected != nullptr) {
        *connected = address;
      }
      return fd;
    }
    close(fd);
    last_error = err;
    if (err == ETIMEDOUT) {
      break;  // the deadline is shared by all addresses
    }
  }
  *error = NetErrorText(last_error);
  return -1;
}

int ListenTcp(const std::string &host, uint16_t port, std::string *error) {
  std::vector<SocketAddress> addresses;
  if (!ResolveTcp(host, port, true, &addresses, error)) {
    return -1;
  }
  int last_error = 0;
  for (const SocketAddress &address : addresses) {
    const auto *sa = reinterpret_cast<const sockaddr *>(&address.storage);
    const int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, sa, address.length) == 0 && listen(fd, SOMAXCONN) == 0 &&
        SetNonBlocking(fd)) {
      return fd;
    }
    last_error = errno;
    close(fd);
  }
  *error = "cannot listen on " + host + ":" + std::to_string(port) + ": " +
           NetErrorText(last_error);
  return -1;
}

void DeferAcceptUntilData(int listen_fd) {
  const int seconds = 1;
  static_cast<void>(setsockopt(listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
                               &seconds, sizeof seconds));
}

}  // namespace rtmphs::cli
