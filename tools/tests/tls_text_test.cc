// What the tool says when TLS fails: the reasons a certificate did not
// verify, handshake failures, and peers that do not speak TLS at all.
#include <gtest/gtest.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include "tls/text.h"

namespace rtmphs::cli {
namespace {

bool Has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

TEST(LooksLikeTlsRecord, ContentTypes20To23ThenMajorVersion3) {
  const uint8_t hello[] = {0x16, 0x03};
  const uint8_t alert[] = {0x15, 0x03};
  const uint8_t ccs[] = {0x14, 0x03};
  const uint8_t data[] = {0x17, 0x03};
  EXPECT_TRUE(LooksLikeTlsRecord(hello, 2));
  EXPECT_TRUE(LooksLikeTlsRecord(alert, 2));
  EXPECT_TRUE(LooksLikeTlsRecord(ccs, 2));
  EXPECT_TRUE(LooksLikeTlsRecord(data, 2));
  EXPECT_TRUE(LooksLikeTlsRecord(hello, 1));  // one byte: the type only
  const uint8_t rtmp[] = {0x03, 0x00};
  const uint8_t type24[] = {0x18, 0x03};
  const uint8_t type19[] = {0x13, 0x03};
  const uint8_t sslv2ish[] = {0x16, 0x02};
  EXPECT_FALSE(LooksLikeTlsRecord(rtmp, 2));
  EXPECT_FALSE(LooksLikeTlsRecord(type24, 2));
  EXPECT_FALSE(LooksLikeTlsRecord(type19, 2));
  EXPECT_FALSE(LooksLikeTlsRecord(sslv2ish, 2));
  EXPECT_FALSE(LooksLikeTlsRecord(hello, 0));
  EXPECT_FALSE(LooksLikeTlsRecord(nullptr, 0));
}

TEST(CertificateFailureText, NamesEachReason) {
  const std::string expired =
      CertificateFailureText(MBEDTLS_X509_BADCERT_EXPIRED, "h");
  EXPECT_TRUE(Has(expired, "did not verify: expired")) << expired;
  EXPECT_TRUE(Has(expired, "--insecure")) << expired;
  const std::string name =
      CertificateFailureText(MBEDTLS_X509_BADCERT_CN_MISMATCH, "localhost");
  EXPECT_TRUE(Has(name, "wrong name (it is not for 'localhost')")) << name;
  EXPECT_FALSE(Has(name, "expired")) << name;
  const std::string issuer =
      CertificateFailureText(MBEDTLS_X509_BADCERT_NOT_TRUSTED, "h");
  EXPECT_TRUE(Has(issuer, "unknown issuer")) << issuer;
  EXPECT_TRUE(Has(CertificateFailureText(MBEDTLS_X509_BADCERT_FUTURE, "h"),
                  "not valid yet"));
  EXPECT_TRUE(Has(CertificateFailureText(MBEDTLS_X509_BADCERT_MISSING, "h"),
                  "sent none"));
}

TEST(CertificateFailureText, SeveralReasonsInOneTextAndUnnamedFlagsInHex) {
  const std::string both = CertificateFailureText(
      MBEDTLS_X509_BADCERT_CN_MISMATCH | MBEDTLS_X509_BADCERT_NOT_TRUSTED,
      "a.example");
  EXPECT_TRUE(Has(both,
                  "wrong name (it is not for 'a.example'), unknown "
                  "issuer"))
      << both;
  const std::string other =
      CertificateFailureText(MBEDTLS_X509_BADCERT_OTHER, "h");
  EXPECT_TRUE(Has(other, "verification flags 0x0100")) << other;
}

TEST(TlsHandshakeFailureText, APeerThatIsNotTlsIsNamed) {
  const uint8_t s0[] = {0x03, 0x00};
  const std::string server =
      TlsHandshakeFailureText(MBEDTLS_ERR_SSL_INVALID_RECORD, true, s0, 2);
  EXPECT_TRUE(Has(server, "the server does not speak TLS")) << server;
  EXPECT_TRUE(Has(server, "try rtmp://")) << server;
  const std::string client =
      TlsHandshakeFailureText(MBEDTLS_ERR_SSL_INVALID_RECORD, false, s0, 2);
  EXPECT_TRUE(Has(client, "no ClientHello: the client speaks plain RTMP"))
      << client;
  const uint8_t http[] = {'G', 'E', 'T', ' '};
  EXPECT_TRUE(Has(
      TlsHandshakeFailureText(MBEDTLS_ERR_SSL_INVALID_RECORD, false, http, 4),
      "it speaks HTTP"));
  const uint8_t junk[] = {0x42, 0x42};
  EXPECT_TRUE(Has(
      TlsHandshakeFailureText(MBEDTLS_ERR_SSL_INVALID_RECORD, true, junk, 2),
      "first byte 0x42 is not a TLS record"));
}

TEST(TlsHandshakeFailureText, TlsPeersGetTheReason) {
  const uint8_t alert[] = {0x15, 0x03};
  EXPECT_TRUE(Has(TlsHandshakeFailureText(MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE,
                                          true, alert, 2),
                  "the server refused it with a TLS alert"));
  const uint8_t hello[] = {0x16, 0x03};
  EXPECT_TRUE(Has(TlsHandshakeFailureText(MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO,
                                          false, hello, 2),
                  "bad ClientHello"));
  EXPECT_TRUE(Has(TlsHandshakeFailureText(
                      MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION, true, hello, 2),
                  "no TLS version in common"));
  EXPECT_EQ(TlsHandshakeFailureText(MBEDTLS_ERR_SSL_CONN_EOF, true, hello, 0),
            kErrorClosedDuringTls);
  // Anything else: mbedTLS's own words and the code.
  EXPECT_TRUE(Has(
      TlsHandshakeFailureText(MBEDTLS_ERR_SSL_BAD_HS_FINISHED, true, hello, 2),
      "-0x7E80"));
}

TEST(TlsTimeoutText, SaysWhetherAnythingCame) {
  EXPECT_TRUE(Has(TlsTimeoutText(false, 0), "no ClientHello"));
  EXPECT_TRUE(Has(TlsTimeoutText(true, 0), "no answer to our ClientHello"));
  EXPECT_EQ(TlsTimeoutText(true, 100), "timeout during TLS handshake");
  EXPECT_EQ(TlsTimeoutText(false, 100), "timeout during TLS handshake");
}

}  // namespace
}  // namespace rtmphs::cli
