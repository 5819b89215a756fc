// Names and English text for status codes. Static tables only.
#include "rtmp_handshake.h"
#include "status.h"

namespace {

struct StatusText {
  int code;
  const char *name;
  const char *text;
};

constexpr StatusText kStatusTexts[] = {
    {RTMP_HS_OK, "RTMP_HS_OK", "success"},
    {RTMP_HS_ERR_ARG, "RTMP_HS_ERR_ARG", "invalid argument"},
    {RTMP_HS_ERR_STATE, "RTMP_HS_ERR_STATE",
     "operation not allowed in the handshake's current state"},
    {RTMP_HS_ERR_NOMEM, "RTMP_HS_ERR_NOMEM", "out of memory"},
    {RTMP_HS_ERR_VERSION, "RTMP_HS_ERR_VERSION",
     "the peer's C0/S0 is not an RTMP version this handshake accepts"},
    {RTMP_HS_ERR_TLS, "RTMP_HS_ERR_TLS",
     "the peer speaks TLS (RTMPS or HTTPS), not plain RTMP"},
    {RTMP_HS_ERR_HTTP, "RTMP_HS_ERR_HTTP",
     "the peer speaks HTTP, not RTMP: wrong port or URL"},
    {RTMP_HS_ERR_DIGEST, "RTMP_HS_ERR_DIGEST",
     "the peer's handshake packet carries no valid digest"},
    {RTMP_HS_ERR_SIGNATURE, "RTMP_HS_ERR_SIGNATURE",
     "the peer's reply is neither validly signed nor an echo of ours"},
    {RTMP_HS_ERR_DH, "RTMP_HS_ERR_DH",
     "the peer's Diffie-Hellman public key is invalid (RTMPE)"},
    {RTMP_HS_ERR_UNSUPPORTED, "RTMP_HS_ERR_UNSUPPORTED",
     "the peer asked for something this handshake does not do: an encrypted "
     "type not enabled, or plain RTMP where encryption was asked for"},
    {RTMP_HS_ERR_RANDOM, "RTMP_HS_ERR_RANDOM", "the random source failed"},
    {RTMP_HS_ERR_CRYPTO, "RTMP_HS_ERR_CRYPTO", "the crypto library failed"},
    {RTMP_HS_ERR_INTERNAL, "RTMP_HS_ERR_INTERNAL",
     "internal error (a bug in rtmp-handshake)"},
};

const StatusText *Find(int status) {
  for (const StatusText &t : kStatusTexts) {
    if (t.code == status) {
      return &t;
    }
  }
  return nullptr;
}

// The core's codes and the public ones must stay equal: the boundary maps
// them by value.
using rtmphs::Status;
static_assert(static_cast<int>(Status::kOk) == RTMP_HS_OK);
static_assert(static_cast<int>(Status::kArg) == RTMP_HS_ERR_ARG);
static_assert(static_cast<int>(Status::kState) == RTMP_HS_ERR_STATE);
static_assert(static_cast<int>(Status::kNoMem) == RTMP_HS_ERR_NOMEM);
static_assert(static_cast<int>(Status::kVersion) == RTMP_HS_ERR_VERSION);
static_assert(static_cast<int>(Status::kTls) == RTMP_HS_ERR_TLS);
static_assert(static_cast<int>(Status::kHttp) == RTMP_HS_ERR_HTTP);
static_assert(static_cast<int>(Status::kDigest) == RTMP_HS_ERR_DIGEST);
static_assert(static_cast<int>(Status::kSignature) == RTMP_HS_ERR_SIGNATURE);
static_assert(static_cast<int>(Status::kDh) == RTMP_HS_ERR_DH);
static_assert(static_cast<int>(Status::kUnsupported) ==
              RTMP_HS_ERR_UNSUPPORTED);
static_assert(static_cast<int>(Status::kRandom) == RTMP_HS_ERR_RANDOM);
static_assert(static_cast<int>(Status::kCrypto) == RTMP_HS_ERR_CRYPTO);
static_assert(static_cast<int>(Status::kInternal) == RTMP_HS_ERR_INTERNAL);

}  // namespace

extern "C" {

const char *rtmp_hs_strerror(int status) {
  const StatusText *t = Find(status);
  return t != nullptr ? t->text : "unknown status code";
}

const char *rtmp_hs_status_name(int status) {
  const StatusText *t = Find(status);
  return t != nullptr ? t->name : "RTMP_HS_ERR_?";
}

}  // extern "C"
