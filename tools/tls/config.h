// mbedTLS configurations for the tool's TLS sessions (RTMPS), one per side
// and shared by all its sessions: the random generator, the trusted CAs (a
// client) or the certificate and key (a server).
#ifndef RTMP_HS_TOOLS_TLS_CONFIG_H_
#define RTMP_HS_TOOLS_TLS_CONFIG_H_

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <memory>
#include <optional>
#include <string>

namespace rtmphs::cli {

// The system's CA store (Debian's ca-certificates).
inline constexpr char kSystemCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";
inline constexpr char kSystemCaDir[] = "/etc/ssl/certs";

class TlsConfig {
 public:
  ~TlsConfig();
  TlsConfig(const TlsConfig &) = delete;
  TlsConfig &operator=(const TlsConfig &) = delete;

  // A client that checks the server's certificate against ca_pem (PEM
  // text), or the system store when there is none. The check's outcome is
  // read after the handshake (the session decides whether it is fatal).
  static std::unique_ptr<TlsConfig> Client(
      const std::optional<std::string> &ca_pem, std::string *error);
  // A client that checks nothing (--insecure without a store, and the
  // "does this port speak TLS?" check).
  static std::unique_ptr<TlsConfig> UnverifiedClient(std::string *error);
  // A server with this certificate chain and private key (PEM text).
  static std::unique_ptr<TlsConfig> Server(const std::string &cert_pem,
                                           const std::string &key_pem,
                                           std::string *error);

  const mbedtls_ssl_config *get() const { return &config_; }
  bool is_client() const { return is_client_; }
  // Whether certificates are checked against trusted CAs.
  bool verifies() const { return verifies_; }

 private:
  explicit TlsConfig(bool is_client);
  bool Init(std::string *error);

  bool is_client_;
  bool verifies_ = false;
  mbedtls_entropy_context entropy_{};
  mbedtls_ctr_drbg_context drbg_{};
  mbedtls_x509_crt certs_{};  // trusted CAs, or our own chain
  mbedtls_pk_context key_{};
  mbedtls_ssl_config config_{};
};

// Reads a whole (small) file; false with a message on failure.
bool ReadTextFile(const std::string &path, std::string *out,
                  std::string *error);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_TLS_CONFIG_H_
