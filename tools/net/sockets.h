// POSIX socket helpers for the tool: resolving, connecting with a deadline,
// listening, non-blocking mode, addresses as text, and error texts.
#ifndef RTMP_HS_TOOLS_NET_SOCKETS_H_
#define RTMP_HS_TOOLS_NET_SOCKETS_H_

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rtmphs::cli {

// Monotonic clock in microseconds (CLOCK_MONOTONIC).
int64_t NowUs();

// Milliseconds from now until deadline_us, rounded up, for poll(2); 0 if it
// has passed.
int PollTimeoutMs(int64_t deadline_us);

// Writes to a closed peer must fail with EPIPE instead of killing us.
void IgnoreSigpipe();

bool SetNonBlocking(int fd);

// A short lower-case text for errno values a network peer can cause
// ("connection refused", "connection reset by peer", ...).
std::string NetErrorText(int err);

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

// "host:port", "[v6]:port".
std::string FormatAddress(const SocketAddress &address);
// The local or remote address of a socket (empty on failure).
std::string LocalAddressOf(int fd);
std::string PeerAddressOf(int fd);
uint16_t PortOf(const SocketAddress &address);

// getaddrinfo for TCP. On failure returns false with a message.
bool ResolveTcp(const std::string &host, uint16_t port, bool passive,
                std::vector<SocketAddress> *out, std::string *error);

// Connects to the first address that accepts before deadline_us, trying them
// in order. Returns a connected non-blocking socket, or -1 with *error set
// ("connection refused", "timeout", ...).
int ConnectTcp(const std::vector<SocketAddress> &addresses, int64_t deadline_us,
               std::string *error, SocketAddress *connected);

// A non-blocking listening socket bound to host:port (port 0: any free one).
// Returns -1 with *error set.
int ListenTcp(const std::string &host, uint16_t port, std::string *error);

// Has the kernel pass a connection to accept(2) only once its first bytes
// arrived (TCP_DEFER_ACCEPT, nginx's `listen ... deferred`), or after about a
// second without them: a client that speaks first then costs one wake-up
// instead of two. Best effort: without it the listener works as before.
void DeferAcceptUntilData(int listen_fd);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_NET_SOCKETS_H_
