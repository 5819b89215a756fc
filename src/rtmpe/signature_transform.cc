#include "rtmpe/signature_transform.h"

#include "hmac_sha256.h"
#include "rtmpe/backend.h"
#include "rtmpe/blowfish_block.h"
#include "rtmpe/xtea_block.h"
#include "secure_memory.h"

namespace rtmphs {
namespace {

constexpr size_t kBlock = 8;
// K[i] mod 15 on the unsigned byte: key number 15 is never used.
constexpr size_t kKeyNumbers = 15;

}  // namespace

Status TransformSignature(int type, const uint8_t key[kDigestSize],
                          uint8_t signature[kDigestSize]) {
  if (type != kRtmpeXtea && type != kRtmpeBlowfish) {
    return Status::kOk;
  }
  Status s = Status::kOk;
  for (size_t i = 0; s == Status::kOk && i < kDigestSize; i += kBlock) {
    const size_t key_number = key[i] % kKeyNumbers;
    s = type == kRtmpeXtea ? XteaEncryptBlock(key_number, signature + i)
                           : BlowfishEncryptBlock(key_number, signature + i);
  }
  return s;
}

Status ComputeTransformedSignature(const uint8_t *p2,
                                   const uint8_t digest[kDigestSize],
                                   Party signer, int type,
                                   uint8_t out[kDigestSize]) {
  uint8_t key[kDigestSize];
  Status s = ComputeP2Key(digest, signer, key);
  if (s == Status::kOk) {
    s = HmacSha256(ByteSpan(key, kDigestSize), ByteSpan(p2, kSignatureOffset),
                   out);
  }
  if (s == Status::kOk) {
    s = TransformSignature(type, key, out);
  }
  SecureWipe(key, sizeof key);
  return s;
}

Status VerifyTransformedSignature(const uint8_t *p2,
                                  const uint8_t digest[kDigestSize],
                                  Party signer, int type, bool *valid) {
  uint8_t expected[kDigestSize];
  const Status s =
      ComputeTransformedSignature(p2, digest, signer, type, expected);
  *valid = s == Status::kOk &&
           ConstantTimeEqual(expected, p2 + kSignatureOffset, kDigestSize);
  SecureWipe(expected, sizeof expected);
  return s;
}

}  // namespace rtmphs
