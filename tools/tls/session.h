// One TLS session over a non-blocking TCP socket, as a Transport: the TLS
// handshake runs inside the connection's poll loop, then RTMP bytes go
// through it. A client also checks the server's certificate.
#ifndef RTMP_HS_TOOLS_TLS_SESSION_H_
#define RTMP_HS_TOOLS_TLS_SESSION_H_

#include <mbedtls/ssl.h>

#include <memory>
#include <string>

#include "net/transport.h"
#include "tls/config.h"

namespace rtmphs::cli {

class TlsSession final : public Transport {
 public:
  struct Options {
    // Client: the name sent as SNI and checked against the certificate.
    std::string server_name;
    // Client: a certificate that does not verify fails the handshake
    // (false: --insecure, the outcome is only reported).
    bool require_verified = true;
  };

  // A session on fd (not owned) under config, which must outlive it.
  // nullptr with *error set if mbedTLS cannot set it up.
  static std::unique_ptr<TlsSession> Create(int fd, const TlsConfig &config,
                                            const Options &options,
                                            std::string *error);
  ~TlsSession() override;

  Progress Open() override;
  int16_t OpenEvents() const override { return open_events_; }
  ssize_t Read(uint8_t *buf, size_t len) override;
  ssize_t Write(const uint8_t *buf, size_t len) override;
  bool HasBuffered() const override;
  const std::string &error() const override { return error_; }
  std::string OpenTimeoutText() const override;
  std::optional<TlsInfo> tls() const override;

  // How many bytes the peer sent on the socket (TLS records included).
  size_t bytes_received() const { return bytes_received_; }
  // Whether the peer's first bytes were a TLS record.
  bool peer_sent_tls() const;

 private:
  TlsSession(int fd, const TlsConfig &config, Options options);
  static int SendToSocket(void *self, const unsigned char *buf, size_t len);
  static int RecvFromSocket(void *self, unsigned char *buf, size_t len);
  // Maps an mbedTLS result of read/write to the recv/send convention.
  ssize_t IoResult(int rc);
  Progress FailOpen(std::string error);

  int fd_;
  const TlsConfig &config_;
  Options options_;
  mbedtls_ssl_context ssl_{};
  bool handshake_done_ = false;
  bool open_ = false;
  bool failed_ = false;
  int16_t open_events_;
  size_t pending_write_ = 0;  // a write mbedTLS must be called again with
  int socket_errno_ = 0;      // behind MBEDTLS_ERR_NET_*_FAILED
  bool verified_ = false;
  size_t bytes_received_ = 0;
  uint8_t first_bytes_[2] = {0, 0};
  std::string error_;
};

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_TLS_SESSION_H_
