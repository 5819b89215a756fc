#include "handshake.h"

#include <cstring>

#include "bytes.h"
#include "foreign_protocol.h"
#include "secure_memory.h"

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

Status Handshake::Fail(Status s) {
  state_ = State::kFailed;
  error_ = s;
  out_pos_ = out_len_;  // nothing more goes to a peer we gave up on
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
  out_[0] = kRtmpVersion;
  const int scheme = scheme_option_ == kSchemeAuto ? 0 : scheme_option_;
  const Status s = BuildOwnP1(version_ != 0, scheme);
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
  if (in_[0] == kRtmpVersion) {
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

Status Handshake::BuildOwnP1(bool with_digest, int scheme) {
  uint8_t *p1 = own_p1();
  StoreBe32(p1, time_);
  // A P1 without a digest says so with a zero version field: peers that
  // see a non-zero one insist on validating a digest (FFmpeg, librtmp).
  StoreBe32(p1 + kVersionOffset, with_digest ? version_ : 0);
  Status s = random_.Fill(p1 + kRandomOffset, kPacketSize - kRandomOffset);
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
  Status s = random_.Fill(p2 + kRandomOffset, kSignatureOffset - kRandomOffset);
  if (s == Status::kOk) {
    const uint8_t *digest = peer_p1 + DigestOffset(peer_p1, peer_scheme);
    s = ComputeP2Signature(p2, digest, signer, p2 + kSignatureOffset);
  }
  return s;
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
  if (found < 0 && (flags_ & kRequireDigest) != 0) {
    return Fail(Status::kDigest);
  }

  bool digest = false;
  if (role_ == Role::kServer) {
    // Answer in kind: a digest S1 only to a digest C1, mirroring its scheme
    // unless told otherwise (clients that parse only their own scheme).
    digest = version_ != 0 && found >= 0;
    const int scheme = scheme_option_ != kSchemeAuto ? scheme_option_
                       : found >= 0                  ? found
                                                     : 1;
    out_[0] = kRtmpVersion;
    s = BuildOwnP1(digest, scheme);
  } else {
    digest = own_scheme_ >= 0 && found >= 0;
  }
  mode_ = digest ? Mode::kDigest : Mode::kSimple;

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

Status Handshake::OnPeerP2() {
  bool verified = false;
  if (own_scheme_ >= 0) {
    const uint8_t *p1 = own_p1();
    const Status s = VerifyP2Signature(
        peer_p2(), p1 + DigestOffset(p1, own_scheme_), peer_party(), &verified);
    if (s != Status::kOk) {
      return Fail(s);
    }
  }
  if (!verified) {
    // Peers rewrite the time fields of an echo (FFmpeg zeroes 4..7,
    // GStreamer writes time2): judge bytes 8..1535 only.
    verified =
        ConstantTimeEqual(peer_p2() + kRandomOffset, own_p1() + kRandomOffset,
                          kPacketSize - kRandomOffset);
  }
  peer_verified_ = verified;
  if (!verified && (flags_ & kVerifyP2) != 0) {
    return Fail(Status::kSignature);
  }
  state_ = State::kDone;
  return Status::kOk;
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
