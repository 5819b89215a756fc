// The byte stream a HandshakeConnection runs over: the TCP socket itself, or
// a TLS session on it (tls/session.h). Non-blocking throughout: the
// connection's poll loop drives it.
#ifndef RTMP_HS_TOOLS_NET_TRANSPORT_H_
#define RTMP_HS_TOOLS_NET_TRANSPORT_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace rtmphs::cli {

// What a TLS session agreed on (reports: the `tls` object).
struct TlsInfo {
  std::string version;  // "TLSv1.2"
  std::string cipher;   // "TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384"
  // Client side: whether the server's certificate verified. The server side
  // does not ask for a client certificate.
  std::optional<bool> verified;
};

class Transport {
 public:
  enum class Progress { kReady, kWaiting, kFailed };

  Transport() = default;
  virtual ~Transport() = default;
  Transport(const Transport &) = delete;
  Transport &operator=(const Transport &) = delete;

  // Moves the transport's own opening (the TLS handshake) forward. kReady at
  // once for plain TCP; kFailed with error() set.
  virtual Progress Open() = 0;
  // While opening: the poll(2) events Open waits for.
  virtual int16_t OpenEvents() const = 0;
  // As recv(2)/send(2) on a non-blocking socket: the bytes moved, 0 when the
  // peer closed (Read), or -1 with errno set (EAGAIN: nothing now; EPROTO:
  // the transport failed, error() says why; else the socket's error).
  virtual ssize_t Read(uint8_t *buf, size_t len) = 0;
  virtual ssize_t Write(const uint8_t *buf, size_t len) = 0;
  // Bytes already taken off the socket that Read has not returned yet: poll
  // cannot see them.
  virtual bool HasBuffered() const = 0;
  // Why Open, Read or Write failed when errno alone does not say; "" if not.
  virtual const std::string &error() const = 0;
  // The error text when the deadline passes before Open was ready.
  virtual std::string OpenTimeoutText() const = 0;
  // The TLS session once open; nullopt over plain TCP.
  virtual std::optional<TlsInfo> tls() const = 0;
};

// The socket itself (does not own the descriptor).
class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(int fd) : fd_(fd) {}

  Progress Open() override { return Progress::kReady; }
  int16_t OpenEvents() const override { return 0; }
  ssize_t Read(uint8_t *buf, size_t len) override;
  ssize_t Write(const uint8_t *buf, size_t len) override;
  bool HasBuffered() const override { return false; }
  const std::string &error() const override { return no_error_; }
  std::string OpenTimeoutText() const override { return {}; }
  std::optional<TlsInfo> tls() const override { return std::nullopt; }

 private:
  int fd_;
  std::string no_error_;
};

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_NET_TRANSPORT_H_
