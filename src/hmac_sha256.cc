// HMAC-SHA256 over whichever SHA-256 backend the build chose.
#include "hmac_sha256.h"

#include "secure_memory.h"

namespace rtmphs {
namespace {

// Hashes parts into ctx, which was started or resumed.
Status UpdateParts(Sha256Context *ctx, const ByteSpan *parts, size_t count) {
  Status s = Status::kOk;
  for (size_t i = 0; s == Status::kOk && i < count; ++i) {
    if (parts[i].size > 0) {
      s = ctx->Update(parts[i].data, parts[i].size);
    }
  }
  return s;
}

// The key as one block: hashed when longer than a block, zero-padded.
Status BlockKey(ByteSpan key, uint8_t block_key[kSha256BlockSize]) {
  for (size_t i = 0; i < kSha256BlockSize; ++i) {
    block_key[i] = 0;
  }
  if (key.size > kSha256BlockSize) {
    return Sha256(key, block_key);
  }
  for (size_t i = 0; i < key.size; ++i) {
    block_key[i] = key.data[i];
  }
  return Status::kOk;
}

// Midstate after one block: block_key xor pad.
Status PadMidstate(const uint8_t block_key[kSha256BlockSize], uint8_t pad,
                   Sha256Midstate *out) {
  uint8_t block[kSha256BlockSize];
  for (size_t i = 0; i < kSha256BlockSize; ++i) {
    block[i] = static_cast<uint8_t>(block_key[i] ^ pad);
  }
  Sha256Context ctx;
  Status s = ctx.Start();
  if (s == Status::kOk) {
    s = ctx.Update(block, sizeof block);
  }
  *out = ctx.Midstate();
  SecureWipe(block, sizeof block);
  return s;
}

}  // namespace

Status Sha256(ByteSpan msg, uint8_t out[kSha256Size]) {
  Sha256Context ctx;
  Status s = ctx.Start();
  if (s == Status::kOk) {
    s = UpdateParts(&ctx, &msg, 1);
  }
  if (s == Status::kOk) {
    s = ctx.Finish(out);
  }
  return s;
}

Status ComputeHmacKeyState(ByteSpan key, HmacKeyState *out) {
  uint8_t block_key[kSha256BlockSize];
  Status s = BlockKey(key, block_key);
  if (s == Status::kOk) {
    s = PadMidstate(block_key, 0x36, &out->inner);
  }
  if (s == Status::kOk) {
    s = PadMidstate(block_key, 0x5c, &out->outer);
  }
  SecureWipe(block_key, sizeof block_key);
  return s;
}

Status HmacSha256(const HmacKeyState &key, const ByteSpan *parts, size_t count,
                  uint8_t out[kSha256Size]) {
  uint8_t inner[kSha256Size];
  Sha256Context ctx;
  ctx.ResumeAfterOneBlock(key.inner);
  Status s = UpdateParts(&ctx, parts, count);
  if (s == Status::kOk) {
    s = ctx.Finish(inner);
  }
  if (s == Status::kOk) {
    ctx.ResumeAfterOneBlock(key.outer);
    s = ctx.Update(inner, sizeof inner);
  }
  if (s == Status::kOk) {
    s = ctx.Finish(out);
  }
  SecureWipe(inner, sizeof inner);
  return s;
}

Status HmacSha256(ByteSpan key, const ByteSpan *parts, size_t count,
                  uint8_t out[kSha256Size]) {
  HmacKeyState state;
  Status s = ComputeHmacKeyState(key, &state);
  if (s == Status::kOk) {
    s = HmacSha256(state, parts, count, out);
  }
  SecureWipe(&state, sizeof state);
  return s;
}

}  // namespace rtmphs
