#include "tls/self_signed.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/x509_crt.h>
#include <time.h>

#include <cstdio>

#include "tls/text.h"

namespace rtmphs::cli {
namespace {

constexpr time_t kOneDay = time_t{24} * 60 * 60;

// X.509 validity as mbedTLS writes it: "YYYYMMDDhhmmss" (UTC).
std::string ValidityTime(time_t t) {
  tm utc{};
  gmtime_r(&t, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02d",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec);
  return text;
}

// Every mbedTLS object the certificate is made with, freed in one place.
struct Maker {
  mbedtls_entropy_context entropy{};
  mbedtls_ctr_drbg_context drbg{};
  mbedtls_pk_context key{};
  mbedtls_x509write_cert crt{};
  mbedtls_mpi serial{};

  Maker() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_pk_init(&key);
    mbedtls_x509write_crt_init(&crt);
    mbedtls_mpi_init(&serial);
  }
  ~Maker() {
    mbedtls_mpi_free(&serial);
    mbedtls_x509write_crt_free(&crt);
    mbedtls_pk_free(&key);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  Maker(const Maker &) = delete;
  Maker &operator=(const Maker &) = delete;

  int MakeKey() {
    int rc = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                                   nullptr, 0);
    if (rc == 0) {
      rc = mbedtls_pk_setup(&key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    }
    if (rc == 0) {
      rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(key),
                               mbedtls_ctr_drbg_random, &drbg);
    }
    return rc;
  }

  int Describe(const std::string &name) {
    const std::string subject = "CN=" + name;
    const time_t now = time(nullptr);
    mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&crt, &key);
    mbedtls_x509write_crt_set_issuer_key(&crt, &key);
    int rc = mbedtls_x509write_crt_set_subject_name(&crt, subject.c_str());
    if (rc == 0) {
      rc = mbedtls_x509write_crt_set_issuer_name(&crt, subject.c_str());
    }
    if (rc == 0) {
      rc = mbedtls_mpi_fill_random(&serial, 16, mbedtls_ctr_drbg_random, &drbg);
    }
    if (rc == 0) {
      // A positive INTEGER: clear the top bit.
      rc = mbedtls_mpi_set_bit(&serial, 127, 0);
    }
    if (rc == 0) {
      rc = mbedtls_x509write_crt_set_serial(&crt, &serial);
    }
    if (rc == 0) {
      rc = mbedtls_x509write_crt_set_validity(
          &crt, ValidityTime(now - kOneDay).c_str(),
          ValidityTime(now + kOneDay).c_str());
    }
    if (rc == 0) {
      // Its own trust anchor: the client trusts exactly this certificate.
      rc = mbedtls_x509write_crt_set_basic_constraints(&crt, 1, 0);
    }
    return rc;
  }
};

}  // namespace

bool MakeSelfSignedCertificate(const std::string &name, std::string *cert_pem,
                               std::string *key_pem, std::string *error) {
  Maker m;
  int rc = m.MakeKey();
  if (rc == 0) {
    rc = m.Describe(name);
  }
  unsigned char pem[4096];
  if (rc == 0) {
    rc = mbedtls_x509write_crt_pem(&m.crt, pem, sizeof pem,
                                   mbedtls_ctr_drbg_random, &m.drbg);
  }
  if (rc == 0) {
    *cert_pem = reinterpret_cast<const char *>(pem);
    rc = mbedtls_pk_write_key_pem(&m.key, pem, sizeof pem);
  }
  if (rc != 0) {
    *error = "cannot make a self-signed certificate: " + MbedtlsErrorText(rc);
    return false;
  }
  *key_pem = reinterpret_cast<const char *>(pem);
  mbedtls_platform_zeroize(pem, sizeof pem);  // the private key
  return true;
}

}  // namespace rtmphs::cli
