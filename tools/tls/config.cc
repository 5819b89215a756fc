#include "tls/config.h"

#include <mbedtls/version.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "net/sockets.h"
#include "tls/text.h"

namespace rtmphs::cli {
namespace {

constexpr size_t kMaxPemFileSize = size_t{4} << 20;

std::string Failed(const std::string &what, int code) {
  return what + ": " + MbedtlsErrorText(code);
}

// PEM parsers want the terminating NUL counted.
const unsigned char *PemBytes(const std::string &pem) {
  return reinterpret_cast<const unsigned char *>(pem.c_str());
}

}  // namespace

bool ReadTextFile(const std::string &path, std::string *out,
                  std::string *error) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    *error = "cannot read " + path + ": " + NetErrorText(errno);
    return false;
  }
  std::string text;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0 &&
         text.size() <= kMaxPemFileSize) {
    text.append(buf, n);
  }
  const bool failed = std::ferror(file) != 0;
  static_cast<void>(std::fclose(file));  // read only: nothing to lose
  if (failed || text.size() > kMaxPemFileSize) {
    *error = "cannot read " + path +
             (failed ? ": read error" : ": larger than 4 MiB");
    return false;
  }
  *out = std::move(text);
  return true;
}

TlsConfig::TlsConfig(bool is_client) : is_client_(is_client) {
  mbedtls_entropy_init(&entropy_);
  mbedtls_ctr_drbg_init(&drbg_);
  mbedtls_x509_crt_init(&certs_);
  mbedtls_pk_init(&key_);
  mbedtls_ssl_config_init(&config_);
}

TlsConfig::~TlsConfig() {
  mbedtls_ssl_config_free(&config_);
  mbedtls_pk_free(&key_);
  mbedtls_x509_crt_free(&certs_);
  mbedtls_ctr_drbg_free(&drbg_);
  mbedtls_entropy_free(&entropy_);
}

bool TlsConfig::Init(std::string *error) {
  static constexpr char kPersonalization[] = "rtmp-handshake tls";
  int rc = mbedtls_ctr_drbg_seed(
      &drbg_, mbedtls_entropy_func, &entropy_,
      reinterpret_cast<const unsigned char *>(kPersonalization),
      sizeof kPersonalization - 1);
  if (rc != 0) {
    *error = Failed("cannot seed the random generator", rc);
    return false;
  }
  rc = mbedtls_ssl_config_defaults(
      &config_, is_client_ ? MBEDTLS_SSL_IS_CLIENT : MBEDTLS_SSL_IS_SERVER,
      MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) {
    *error = Failed("cannot set up TLS", rc);
    return false;
  }
  mbedtls_ssl_conf_rng(&config_, mbedtls_ctr_drbg_random, &drbg_);
  // TLS 1.2 and later only: older versions are broken and no ingest
  // service takes them any more.
  mbedtls_ssl_conf_min_version(&config_, MBEDTLS_SSL_MAJOR_VERSION_3,
                               MBEDTLS_SSL_MINOR_VERSION_3);
  // The client reads the verification result itself after the handshake,
  // so that it can name the reason; a server asks for no client cert.
  mbedtls_ssl_conf_authmode(&config_, MBEDTLS_SSL_VERIFY_NONE);
  return true;
}

std::unique_ptr<TlsConfig> TlsConfig::Client(
    const std::optional<std::string> &ca_pem, std::string *error) {
  std::unique_ptr<TlsConfig> c(new TlsConfig(true));
  if (!c->Init(error)) {
    return nullptr;
  }
  int rc = 0;
  std::string source;
  if (ca_pem.has_value()) {
    source = "the --ca file";
    rc = mbedtls_x509_crt_parse(&c->certs_, PemBytes(*ca_pem),
                                ca_pem->size() + 1);
  } else {
    source = kSystemCaBundle;
    rc = mbedtls_x509_crt_parse_file(&c->certs_, kSystemCaBundle);
    if (rc < 0) {
      source = kSystemCaDir;
      rc = mbedtls_x509_crt_parse_path(&c->certs_, kSystemCaDir);
    }
  }
  // A positive count means some certificates in a store did not parse:
  // the others still count. version 0 means none did.
  if (rc < 0 || c->certs_.version == 0) {
    *error = "cannot load trusted CAs from " + source +
             (rc < 0 ? ": " + MbedtlsErrorText(rc) : ": no certificate") +
             " (--ca FILE names others; --insecure goes on without)";
    return nullptr;
  }
  mbedtls_ssl_conf_ca_chain(&c->config_, &c->certs_, nullptr);
  mbedtls_ssl_conf_authmode(&c->config_, MBEDTLS_SSL_VERIFY_OPTIONAL);
  c->verifies_ = true;
  return c;
}

std::unique_ptr<TlsConfig> TlsConfig::UnverifiedClient(std::string *error) {
  std::unique_ptr<TlsConfig> c(new TlsConfig(true));
  return c->Init(error) ? std::move(c) : nullptr;
}

std::unique_ptr<TlsConfig> TlsConfig::Server(const std::string &cert_pem,
                                             const std::string &key_pem,
                                             std::string *error) {
  std::unique_ptr<TlsConfig> c(new TlsConfig(false));
  if (!c->Init(error)) {
    return nullptr;
  }
  int rc = mbedtls_x509_crt_parse(&c->certs_, PemBytes(cert_pem),
                                  cert_pem.size() + 1);
  if (rc != 0) {
    *error = rc < 0 ? Failed("the certificate does not parse", rc)
                    : "the certificate file holds an unreadable certificate";
    return nullptr;
  }
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
  rc = mbedtls_pk_parse_key(&c->key_, PemBytes(key_pem), key_pem.size() + 1,
                            nullptr, 0, mbedtls_ctr_drbg_random, &c->drbg_);
#else
  rc = mbedtls_pk_parse_key(&c->key_, PemBytes(key_pem), key_pem.size() + 1,
                            nullptr, 0);
#endif
  if (rc != 0) {
    *error = Failed("the private key does not parse (unencrypted PEM)", rc);
    return nullptr;
  }
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
  rc = mbedtls_pk_check_pair(&c->certs_.pk, &c->key_, mbedtls_ctr_drbg_random,
                             &c->drbg_);
#else
  rc = mbedtls_pk_check_pair(&c->certs_.pk, &c->key_);
#endif
  if (rc != 0) {
    *error = "the private key does not belong to the certificate";
    return nullptr;
  }
  rc = mbedtls_ssl_conf_own_cert(&c->config_, &c->certs_, &c->key_);
  if (rc != 0) {
    *error = Failed("cannot use the certificate", rc);
    return nullptr;
  }
  return c;
}

}  // namespace rtmphs::cli
