#include "tls/session.h"

#include <mbedtls/net_sockets.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <climits>

#include "net/sockets.h"
#include "tls/text.h"

namespace rtmphs::cli {
namespace {

// Bytes handed to one mbedtls_ssl_write: at most one record.
constexpr size_t kMaxWrite = 4096;

}  // namespace

std::unique_ptr<TlsSession> TlsSession::Create(int fd, const TlsConfig &config,
                                               const Options &options,
                                               std::string *error) {
  std::unique_ptr<TlsSession> s(new TlsSession(fd, config, options));
  int rc = mbedtls_ssl_setup(&s->ssl_, config.get());
  if (rc == 0 && config.is_client()) {
    rc = mbedtls_ssl_set_hostname(&s->ssl_,
                                  s->options_.server_name.empty()
                                      ? nullptr
                                      : s->options_.server_name.c_str());
  }
  if (rc != 0) {
    *error = "cannot set up a TLS session: " + MbedtlsErrorText(rc);
    return nullptr;
  }
  mbedtls_ssl_set_bio(&s->ssl_, s.get(), &TlsSession::SendToSocket,
                      &TlsSession::RecvFromSocket, nullptr);
  return s;
}

TlsSession::TlsSession(int fd, const TlsConfig &config, Options options)
    : fd_(fd),
      config_(config),
      options_(std::move(options)),
      open_events_(config.is_client() ? POLLOUT : POLLIN) {
  mbedtls_ssl_init(&ssl_);
}

TlsSession::~TlsSession() {
  if (open_ && !failed_) {
    // A courtesy on a non-blocking socket: sent if there is room, else not.
    static_cast<void>(mbedtls_ssl_close_notify(&ssl_));
  }
  mbedtls_ssl_free(&ssl_);
}

int TlsSession::SendToSocket(void *self, const unsigned char *buf, size_t len) {
  auto *s = static_cast<TlsSession *>(self);
  for (;;) {
    const ssize_t n = send(s->fd_, buf, len < INT_MAX ? len : INT_MAX,
                           MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      return static_cast<int>(n);
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    s->socket_errno_ = errno;
    return MBEDTLS_ERR_NET_SEND_FAILED;
  }
}

int TlsSession::RecvFromSocket(void *self, unsigned char *buf, size_t len) {
  auto *s = static_cast<TlsSession *>(self);
  for (;;) {
    const ssize_t n = recv(s->fd_, buf, len < INT_MAX ? len : INT_MAX, 0);
    if (n > 0) {
      for (size_t i = 0; i < static_cast<size_t>(n) &&
                         s->bytes_received_ + i < sizeof s->first_bytes_;
           ++i) {
        s->first_bytes_[s->bytes_received_ + i] = buf[i];
      }
      s->bytes_received_ += static_cast<size_t>(n);
    }
    if (n >= 0) {
      return static_cast<int>(n);  // 0: the peer closed
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return MBEDTLS_ERR_SSL_WANT_READ;
    }
    s->socket_errno_ = errno;
    return MBEDTLS_ERR_NET_RECV_FAILED;
  }
}

Transport::Progress TlsSession::FailOpen(std::string error) {
  failed_ = true;
  error_ = std::move(error);
  return Progress::kFailed;
}

Transport::Progress TlsSession::Open() {
  if (failed_) {
    return Progress::kFailed;
  }
  if (open_) {
    return Progress::kReady;
  }
  const int rc = mbedtls_ssl_handshake(&ssl_);
  if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
    open_events_ = rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
    return Progress::kWaiting;
  }
  const size_t seen = bytes_received_ < sizeof first_bytes_
                          ? bytes_received_
                          : sizeof first_bytes_;
  if (rc == MBEDTLS_ERR_NET_SEND_FAILED || rc == MBEDTLS_ERR_NET_RECV_FAILED) {
    const int err = socket_errno_;
    if (err == ECONNRESET || err == EPIPE) {
      // A reset in answer to our bytes says no more than a close does.
      // (RecvFromSocket counts bytes_received_ through mbedTLS's callback,
      // which cppcheck does not follow.)
      // cppcheck-suppress knownConditionTrueFalse
      return FailOpen(seen > 0 ? TlsHandshakeFailureText(
                                     MBEDTLS_ERR_SSL_CONN_EOF,
                                     config_.is_client(), first_bytes_, seen)
                               : kErrorClosedDuringTls);
    }
    return FailOpen(NetErrorText(err) + " during TLS handshake");
  }
  if (rc != 0) {
    return FailOpen(
        TlsHandshakeFailureText(rc, config_.is_client(), first_bytes_, seen));
  }
  handshake_done_ = true;
  if (config_.is_client()) {
    const uint32_t flags = mbedtls_ssl_get_verify_result(&ssl_);
    verified_ = config_.verifies() && flags == 0;
    if (!verified_ && options_.require_verified) {
      return FailOpen(config_.verifies()
                          ? CertificateFailureText(flags, options_.server_name)
                          : "no trusted CAs to check the certificate against");
    }
  }
  open_ = true;
  return Progress::kReady;
}

ssize_t TlsSession::IoResult(int rc) {
  if (rc >= 0) {
    return rc;
  }
  if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
    errno = EAGAIN;
    return -1;
  }
  if (rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY ||
      rc == MBEDTLS_ERR_SSL_CONN_EOF) {
    return 0;
  }
  if (rc == MBEDTLS_ERR_NET_SEND_FAILED || rc == MBEDTLS_ERR_NET_RECV_FAILED) {
    errno = socket_errno_;
    return -1;
  }
  failed_ = true;
  error_ = TlsSessionFailureText(rc);
  errno = EPROTO;
  return -1;
}

ssize_t TlsSession::Read(uint8_t *buf, size_t len) {
  if (!open_ || failed_) {
    errno = failed_ ? EPROTO : EAGAIN;
    return -1;
  }
  return IoResult(mbedtls_ssl_read(&ssl_, buf, len));
}

ssize_t TlsSession::Write(const uint8_t *buf, size_t len) {
  if (!open_ || failed_) {
    errno = failed_ ? EPROTO : EAGAIN;
    return -1;
  }
  // After WANT_WRITE mbedTLS holds the record it made and must be called
  // again with the same length; the caller's buffer only grows at the end.
  size_t chunk = len < kMaxWrite ? len : kMaxWrite;
  if (pending_write_ > 0 && pending_write_ <= len) {
    chunk = pending_write_;
  }
  const int rc = mbedtls_ssl_write(&ssl_, buf, chunk);
  pending_write_ = rc == MBEDTLS_ERR_SSL_WANT_WRITE ? chunk : 0;
  if (rc == 0 && chunk > 0) {  // not expected from a stream; do not spin
    errno = EAGAIN;
    return -1;
  }
  return IoResult(rc);
}

bool TlsSession::peer_sent_tls() const {
  return LooksLikeTlsRecord(first_bytes_, bytes_received_ < sizeof first_bytes_
                                              ? bytes_received_
                                              : sizeof first_bytes_);
}

bool TlsSession::HasBuffered() const {
  return open_ && !failed_ && mbedtls_ssl_get_bytes_avail(&ssl_) > 0;
}

std::string TlsSession::OpenTimeoutText() const {
  return TlsTimeoutText(config_.is_client(), bytes_received_);
}

std::optional<TlsInfo> TlsSession::tls() const {
  if (!handshake_done_) {
    return std::nullopt;
  }
  TlsInfo info;
  info.version = mbedtls_ssl_get_version(&ssl_);
  info.cipher = mbedtls_ssl_get_ciphersuite(&ssl_);
  if (config_.is_client()) {
    info.verified = verified_;
  }
  return info;
}

}  // namespace rtmphs::cli
