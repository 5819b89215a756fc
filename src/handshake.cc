#include "handshake.h"

#include <cstring>

#include "bytes.h"
#include "foreign_protocol.h"
#include "rtmpe/backend.h"
#include "rtmpe/rc4_keys.h"
#include "rtmpe/signature_transform.h"
#include "secure_memory.h"
#include "swf_verification.h"

namespace rtmphs {

Handshake::Handshake(Role role)
    : role_(role),
      version_(role == Role::kClient ? kDefaultClientVersion
                                     : kDefaultServerVersion) {}

Handshake::~Handshake() {
  // Our P1/P2 and the peer's carry the digests the signatures derive from.
  SecureWipe(in_, sizeof in_);
  SecureWipe(out_, sizeof out_);
}

Status Handshake::SetVersion(uint32_t version) {
  if (OptionsLocked()) {
    return Status::kState;
  }
  version_ = version;
  return Status::kOk;
}

Status Handshake::SetTime(uint32_t time_ms) {
  if (OptionsLocked()) {
    return Status::kState;
  }
  time_ = time_ms;
  return Status::kOk;
}

Status Handshake::SetScheme(int scheme) {
  if (scheme != kSchemeAuto && scheme != 0 && scheme != 1) {
    return Status::kArg;
  }
  if (OptionsLocked()) {
    return Status::kState;
  }
  scheme_option_ = scheme;
  return Status::kOk;
}

Status Handshake::SetFlags(uint32_t flags) {
  if ((flags & ~kAllFlags) != 0) {
    return Status::kArg;
  }
  if (OptionsLocked()) {
    return Status::kState;
  }
  flags_ = flags;
  return Status::kOk;
}

Status Handshake::SetRandom(RandomFn fn, void *ctx) {
  if (fn == nullptr) {
    return Status::kArg;
  }
  if (OptionsLocked()) {
    return Status::kState;
  }
  random_.Use(fn, ctx);
  return Status::kOk;
}

Status Handshake::SetEncryption(int types) {
  // Client: one type (0: none). Server: a mask of types. kArg for anything
  // else, kUnsupported for a type this crypto library cannot do.
  Status s = Status::kOk;
  if (role_ == Role::kClient) {
    s = types == 0 ? Status::kOk : RtmpeTypeStatus(types);
  } else {
    const auto mask = static_cast<uint32_t>(types);
    for (int type = 0; type < 32 && s == Status::kOk; ++type) {
      if (((mask >> type) & 1U) != 0) {
        s = RtmpeTypeStatus(type);
      }
    }
  }
  if (s != Status::kOk) {
    return s;
  }
  if (OptionsLocked()) {
    return Status::kState;
  }
  encryption_option_ = types;
  return Status::kOk;
}

Status Handshake::Fail(Status s) {
  state_ = State::kFailed;
  error_ = s;
  out_pos_ = out_len_;  // nothing more goes to a peer we gave up on
  dh_.Clear();
  rc4_out_.Clear();
  rc4_in_.Clear();
  return s;
}

Status Handshake::Start() {
  if (state_ == State::kFailed) {
    return error_;
  }
  if (started_) {
    return Status::kOk;
  }
  started_ = true;
  if (role_ == Role::kServer) {
    return Status::kOk;  // a server speaks once C0+C1 are in
  }
  // An encrypted C0 is the type asked for, and RTMPE is a digest handshake.
  const bool encrypted = encryption_option_ != 0;
  out_[0] = encrypted ? static_cast<uint8_t>(encryption_option_) : kRtmpVersion;
  const int scheme = scheme_option_ == kSchemeAuto ? 0 : scheme_option_;
  const Status s = BuildOwnP1(encrypted || version_ != 0, scheme, encrypted);
  if (s != Status::kOk) {
    return Fail(s);
  }
  out_len_ = kP1End;
  return Status::kOk;
}

Status Handshake::Feed(const uint8_t *data, size_t len, size_t *consumed) {
  *consumed = 0;
  if (state_ == State::kFailed) {
    return error_;
  }
  if (state_ == State::kDone) {
    return Status::kOk;
  }
  if (!started_) {
    const Status s = Start();
    if (s != Status::kOk) {
      return s;
    }
  }
  while (*consumed < len && state_ == State::kInProgress) {
    const size_t boundary = NextBoundary();
    const size_t room = boundary - in_len_;
    const size_t left = len - *consumed;
    const size_t n = left < room ? left : room;
    std::memcpy(in_ + in_len_, data + *consumed, n);
    in_len_ += n;
    *consumed += n;
    if (in_len_ == boundary) {
      const Status s = Advance();
      if (s != Status::kOk) {
        return s;
      }
    }
  }
  return Status::kOk;
}

size_t Handshake::NextBoundary() const {
  if (!p0_checked_) {
    return in_len_ + 1;  // judge the opening byte by byte
  }
  return in_len_ < kP1End ? kP1End : kFlightSize;
}

Status Handshake::Advance() {
  if (!p0_checked_) {
    return CheckP0();
  }
  // Past P0 the only boundaries are the ends of P1 and P2.
  return in_len_ == kP1End ? OnPeerP1() : OnPeerP2();
}

Status Handshake::CheckP0() {
  const uint8_t p0 = in_[0];
  if ((role_ == Role::kServer && IsRtmpeType(p0)) ||
      (role_ == Role::kClient && encryption_option_ != 0 &&
       (IsRtmpeType(p0) || p0 == kRtmpVersion))) {
    return CheckEncryptedP0(p0);
  }
  if (p0 == kRtmpVersion) {
    p0_checked_ = true;
    return Status::kOk;
  }
  const Opening opening = ClassifyOpening(in_, in_len_);
  if (opening == Opening::kNeedMore) {
    return Status::kOk;
  }
  // Name the wrong protocol when we can: "bad version" helps nobody there.
  return Fail(opening == Opening::kTls    ? Status::kTls
              : opening == Opening::kHttp ? Status::kHttp
                                          : Status::kVersion);
}

Status Handshake::CheckEncryptedP0(uint8_t p0) {
  if (role_ == Role::kServer) {
    // S0 answers with the C0 itself, when that type is accepted at all.
    if ((encryption_option_ & (1 << p0)) == 0) {
      return Fail(Status::kUnsupported);
    }
  } else if (RtmpeTypeStatus(p0) != Status::kOk) {
    // An S0 of 3 would be a silent downgrade to plaintext; a transform this
    // build lacks is just as unsupported. Other S0 types than asked for are
    // followed (a librtmp server answers 6 with 8).
    return Fail(Status::kUnsupported);
  }
  encryption_type_ = p0;
  p0_checked_ = true;
  return Status::kOk;
}

Status Handshake::BuildOwnP1(bool with_digest, int scheme, bool with_key) {
  uint8_t *p1 = own_p1();
  StoreBe32(p1, time_);
  // A P1 without a digest says so with a zero version field: peers that
  // see a non-zero one insist on validating a digest (FFmpeg, librtmp).
  StoreBe32(p1 + kVersionOffset, with_digest ? version_ : 0);
  Status s = random_.Fill(p1 + kRandomOffset, kPacketSize - kRandomOffset);
  if (s == Status::kOk && with_key) {
    // The key is part of what the digest covers: it goes in first.
    s = dh_.Generate(random_, p1 + KeyOffset(p1, scheme));
  }
  if (s == Status::kOk && with_digest) {
    s = WriteP1Digest(p1, scheme, own_party());
    own_scheme_ = scheme;
  }
  return s;
}

Status Handshake::BuildSignedP2(const uint8_t *peer_p1, int peer_scheme,
                                Party signer) {
  uint8_t *p2 = own_p2();
  StoreBe32(p2, LoadBe32(peer_p1));  // time: the peer's, as the spec asks
  StoreBe32(p2 + 4, time_);
  // The random field echoes the peer's, as Adobe's P2 asks and the librtmp
  // and Red5 servers do: the signature is what proves the key, and the echo
  // spares drawing 1496 random bytes (half of each side's draw).
  std::memcpy(p2 + kRandomOffset, peer_p1 + kRandomOffset,
              kSignatureOffset - kRandomOffset);
  const uint8_t *digest = peer_p1 + DigestOffset(peer_p1, peer_scheme);
  return ComputeTransformedSignature(p2, digest, signer, encryption_type_,
                                     p2 + kSignatureOffset);
}

Status Handshake::BuildServerP0P1(int found, bool *digest) {
  // Answer in kind: a digest S1 only to a digest C1 (always under RTMPE),
  // mirroring its scheme unless told otherwise (clients that parse only
  // their own scheme).
  const bool encrypted = encryption_type_ != 0;
  *digest = encrypted || (version_ != 0 && found >= 0);
  const int scheme = scheme_option_ != kSchemeAuto ? scheme_option_
                     : found >= 0                  ? found
                                                   : 1;
  out_[0] = encrypted ? static_cast<uint8_t>(encryption_type_) : kRtmpVersion;
  return BuildOwnP1(*digest, scheme, encrypted);
}

Status Handshake::OnPeerP1() {
  int found = -1;
  // A server most likely mirrored our scheme; clients mostly use 0.
  Status s =
      FindP1Digest(peer_p1(), peer_party(), &found, own_scheme_ == 1 ? 1 : 0);
  if (s != Status::kOk) {
    return Fail(s);
  }
  peer_scheme_ = found;
  // Under RTMPE there is no fallback: without the digest there is no key.
  const bool encrypted = encryption_type_ != 0;
  if (found < 0 && (encrypted || (flags_ & kRequireDigest) != 0)) {
    return Fail(Status::kDigest);
  }

  bool digest = false;
  if (role_ == Role::kServer) {
    s = BuildServerP0P1(found, &digest);
  } else {
    digest = own_scheme_ >= 0 && found >= 0;
  }
  if (s == Status::kOk && encrypted) {
    s = StartEncryption(found);
  }
  mode_ = encrypted ? Mode::kEncrypted : digest ? Mode::kDigest : Mode::kSimple;

  if (s == Status::kOk) {
    if (digest) {
      s = BuildSignedP2(peer_p1(), found, own_party());
    } else {
      // The original handshake: a byte-exact echo satisfies every strict peer.
      std::memcpy(own_p2(), peer_p1(), kPacketSize);
    }
  }
  if (s != Status::kOk) {
    return Fail(s);
  }
  out_len_ = kFlightSize;
  return Status::kOk;
}

Status Handshake::StartEncryption(int peer_scheme) {
  const uint8_t *peer_key = peer_p1() + KeyOffset(peer_p1(), peer_scheme);
  const uint8_t *own_key = own_p1() + KeyOffset(own_p1(), own_scheme_);
  uint8_t secret[kDhKeySize];
  uint8_t key[kRc4KeySize];
  // Outgoing: the key over the peer's public key; incoming: over our own.
  Status s = dh_.ComputeSecret(peer_key, secret);
  if (s == Status::kOk) {
    s = DeriveRc4Key(secret, peer_key, key);
  }
  if (s == Status::kOk) {
    s = rc4_out_.Init(key);
  }
  if (s == Status::kOk) {
    s = DeriveRc4Key(secret, own_key, key);
  }
  if (s == Status::kOk) {
    s = rc4_in_.Init(key);
  }
  dh_.Clear();  // the exponent has done its work
  SecureWipe(secret, sizeof secret);
  SecureWipe(key, sizeof key);
  return s;
}

Status Handshake::OnPeerP2() {
  const bool encrypted = encryption_type_ != 0;
  bool verified = false;
  if (own_scheme_ >= 0) {
    // Under types 8 and 9 the peer signs through the transform of S0.
    const uint8_t *p1 = own_p1();
    const Status s = VerifyTransformedSignature(
        peer_p2(), p1 + DigestOffset(p1, own_scheme_), peer_party(),
        encryption_type_, &verified);
    if (s != Status::kOk) {
      return Fail(s);
    }
  }
  if (!verified && !encrypted) {
    // Peers rewrite the time fields of an echo (FFmpeg zeroes 4..7,
    // GStreamer writes time2): judge bytes 8..1535 only.
    verified =
        ConstantTimeEqual(peer_p2() + kRandomOffset, own_p1() + kRandomOffset,
                          kPacketSize - kRandomOffset);
  }
  peer_verified_ = verified;
  if (!verified && (encrypted || (flags_ & kVerifyP2) != 0)) {
    return Fail(Status::kSignature);
  }
  state_ = State::kDone;
  return Status::kOk;
}

Status Handshake::Encrypt(uint8_t *buf, size_t len) {
  if (state_ != State::kDone || encryption_type_ == 0) {
    return Status::kState;
  }
  return rc4_out_.Apply(buf, len);
}

Status Handshake::Decrypt(uint8_t *buf, size_t len) {
  if (state_ != State::kDone || encryption_type_ == 0) {
    return Status::kState;
  }
  return rc4_in_.Apply(buf, len);
}

Status Handshake::SwfVerification(const uint8_t swf_hash[kDigestSize],
                                  uint32_t swf_size, uint8_t out[42]) const {
  // S1: what a client received, or what a server built and queued.
  const bool known =
      role_ == Role::kClient ? in_len_ >= kP1End : out_len_ == kFlightSize;
  if (!known) {
    return Status::kState;
  }
  const uint8_t *s1 = role_ == Role::kClient ? peer_p1() : out_ + 1;
  return ComputeSwfResponse(s1, swf_hash, swf_size, out);
}

size_t Handshake::Drain(uint8_t *out, size_t cap) {
  const size_t pending = Pending();
  const size_t n = cap < pending ? cap : pending;
  if (n == 0) {
    return 0;  // out may be NULL with cap 0
  }
  std::memcpy(out, out_ + out_pos_, n);
  out_pos_ += n;
  return n;
}

size_t Handshake::Needed() const {
  return state_ == State::kInProgress ? kFlightSize - in_len_ : 0;
}

uint32_t Handshake::peer_version() const {
  return in_len_ >= kP1End ? LoadBe32(peer_p1() + kVersionOffset) : 0;
}

uint32_t Handshake::peer_time() const {
  return in_len_ >= kP1End ? LoadBe32(peer_p1()) : 0;
}

}  // namespace rtmphs
