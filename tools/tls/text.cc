#include "tls/text.h"

#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include <cstdio>

namespace rtmphs::cli {
namespace {

constexpr uint8_t kTlsFirstType = 20;
constexpr uint8_t kTlsLastType = 23;
constexpr uint8_t kTlsMajorVersion = 3;
constexpr uint8_t kRtmpVersion = 3;
constexpr uint8_t kRtmpeVersion = 6;

std::string Hex(uint32_t value, int digits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%0*X", digits, value);
  return text;
}

// What the peer's opening says it speaks instead of TLS.
std::string NotTlsText(bool is_client, const uint8_t *first, size_t first_len) {
  const std::string peer = is_client ? "the server" : "the client";
  const std::string byte = Hex(first[0], 2);
  if (first[0] == kRtmpVersion || first[0] == kRtmpeVersion) {
    return is_client ? "the server does not speak TLS: it answered plain "
                       "RTMP (first byte " +
                           byte + ", an S0); try rtmp://"
                     : "no ClientHello: the client speaks plain RTMP, not "
                       "TLS (first byte " +
                           byte +
                           ", a C0): it should use rtmps://, or serve "
                           "it without --tls";
  }
  if (first_len >= 4 && (std::string(first, first + 4) == "HTTP" ||
                         std::string(first, first + 4) == "GET " ||
                         std::string(first, first + 4) == "POST")) {
    return peer + " does not speak TLS: it speaks HTTP";
  }
  return (is_client ? std::string() : "no ClientHello: ") + peer +
         " does not speak TLS (first byte " + byte + " is not a TLS record)";
}

}  // namespace

std::string MbedtlsErrorText(int code) {
  char text[160] = "";
  mbedtls_strerror(code, text, sizeof text);
  return std::string(text) + " (" + (code < 0 ? "-" : "") +
         Hex(static_cast<uint32_t>(code < 0 ? -code : code), 4) + ")";
}

bool LooksLikeTlsRecord(const uint8_t *bytes, size_t len) {
  if (len == 0 || bytes[0] < kTlsFirstType || bytes[0] > kTlsLastType) {
    return false;
  }
  return len == 1 || bytes[1] == kTlsMajorVersion;
}

std::string TlsHandshakeFailureText(int code, bool is_client,
                                    const uint8_t *first, size_t first_len) {
  if (first_len > 0 && !LooksLikeTlsRecord(first, first_len)) {
    return NotTlsText(is_client, first, first_len);
  }
  const std::string prefix = "TLS handshake failed: ";
  switch (code) {
    case MBEDTLS_ERR_SSL_CONN_EOF:
      return kErrorClosedDuringTls;
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
      return prefix + (is_client ? "the server" : "the client") +
             " refused it with a TLS alert";
    case MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION:
      return prefix + "no TLS version in common (this tool speaks TLS 1.2)";
    case MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN:
    case MBEDTLS_ERR_SSL_NO_USABLE_CIPHERSUITE:
      return prefix + "no cipher suite in common";
    case MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO:
      return prefix + "bad ClientHello";
    case MBEDTLS_ERR_SSL_INVALID_RECORD:
    case MBEDTLS_ERR_SSL_INVALID_MAC:
    case MBEDTLS_ERR_SSL_UNEXPECTED_RECORD:
    case MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE:
      return prefix + "bad TLS record";
    default:
      return prefix + MbedtlsErrorText(code);
  }
}

std::string CertificateFailureText(uint32_t flags, const std::string &name) {
  struct Reason {
    uint32_t flag;
    std::string text;
  };
  const Reason reasons[] = {
      {MBEDTLS_X509_BADCERT_EXPIRED, "expired"},
      {MBEDTLS_X509_BADCERT_FUTURE, "not valid yet"},
      {MBEDTLS_X509_BADCERT_CN_MISMATCH,
       "wrong name (it is not for '" + name + "')"},
      {MBEDTLS_X509_BADCERT_NOT_TRUSTED,
       "unknown issuer (not signed by a CA in the trusted store)"},
      {MBEDTLS_X509_BADCERT_REVOKED, "revoked"},
      {MBEDTLS_X509_BADCERT_MISSING, "the server sent none"},
      {MBEDTLS_X509_BADCERT_KEY_USAGE | MBEDTLS_X509_BADCERT_EXT_KEY_USAGE |
           MBEDTLS_X509_BADCERT_NS_CERT_TYPE,
       "not meant for a TLS server (key usage)"},
      {MBEDTLS_X509_BADCERT_BAD_MD | MBEDTLS_X509_BADCERT_BAD_PK |
           MBEDTLS_X509_BADCERT_BAD_KEY,
       "signed with an unacceptable algorithm or key"},
  };
  std::string text;
  uint32_t named = 0;
  for (const Reason &r : reasons) {
    if ((flags & r.flag) != 0) {
      text.append(text.empty() ? "" : ", ").append(r.text);
      named |= r.flag;
    }
  }
  if ((flags & ~named) != 0 || flags == 0) {
    text.append(text.empty() ? "" : ", ")
        .append("verification flags " + Hex(flags & ~named, 4));
  }
  return "the server's certificate did not verify: " + text +
         " (--insecure goes on without it)";
}

std::string TlsSessionFailureText(int code) {
  switch (code) {
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
      return "the peer ended TLS with an alert";
    case MBEDTLS_ERR_SSL_INVALID_RECORD:
    case MBEDTLS_ERR_SSL_INVALID_MAC:
    case MBEDTLS_ERR_SSL_UNEXPECTED_RECORD:
    case MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE:
      return "bad TLS record";
    default:
      return "TLS failed: " + MbedtlsErrorText(code);
  }
}

std::string TlsTimeoutText(bool is_client, size_t bytes_received) {
  if (bytes_received > 0) {
    return "timeout during TLS handshake";
  }
  return is_client ? "timeout during TLS handshake (no answer to our "
                     "ClientHello)"
                   : "timeout: no ClientHello (the client sent nothing)";
}

}  // namespace rtmphs::cli
