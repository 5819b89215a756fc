// One handle against arbitrary peer bytes; see single_role.h. The peer's
// stream is fed front to back, so the bytes the handle consumed are always
// the stream's first `consumed_` bytes, which the checks rely on.
#include "single_role.h"

#include <cstring>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_random.h"
#include "handle_options.h"
#include "peer_opening.h"
#include "rtmp_handshake.h"

namespace rtmphs_fuzz {
namespace {

constexpr size_t kPacket = 1536;
constexpr size_t kP1End = 1 + kPacket;       // P0 + P1
constexpr size_t kFlight = 1 + 2 * kPacket;  // P0 + P1 + P2 = 3073

uint32_t Be32At(const uint8_t *p) {
  return (static_cast<uint32_t>(p[0]) << 24) |
         (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

// The codes a handle may fail with here: what a peer can cause, plus the
// injected random failure. CRYPTO/INTERNAL would be bugs.
bool IsExpectedFailure(int rc) {
  switch (rc) {
    case RTMP_HS_ERR_VERSION:
    case RTMP_HS_ERR_TLS:
    case RTMP_HS_ERR_HTTP:
    case RTMP_HS_ERR_DIGEST:
    case RTMP_HS_ERR_SIGNATURE:
    case RTMP_HS_ERR_DH:
    case RTMP_HS_ERR_UNSUPPORTED:
    case RTMP_HS_ERR_RANDOM:
      return true;
    default:
      return false;
  }
}

// JudgeOpening, plus RTMPE: a server refuses an encrypted C0 outside its
// mask, and a client that asked for encryption refuses S0 = 3.
OpeningVerdict Judge(int role, const HandleOptions &opts, const uint8_t *p,
                     size_t n) {
  if (n == 0) {
    return {};
  }
  const bool rtmpe = p[0] == 6 || p[0] == 8 || p[0] == 9;
  if (opts.AgreesOn(role, p[0])) {
    return {};
  }
  if ((role == RTMP_HS_SERVER && rtmpe) ||
      (role == RTMP_HS_CLIENT && opts.encryption != 0 && p[0] == 3)) {
    OpeningVerdict v;
    v.at = 1;
    v.code = RTMP_HS_ERR_UNSUPPORTED;
    return v;
  }
  return JudgeOpening(p, n);
}

class SingleRoleRun {
 public:
  SingleRoleRun(int role, const HandleOptions &opts, const uint8_t *peer,
                size_t peer_size, size_t drain_cap)
      : role_(role),
        opts_(opts),
        random_(opts.seed, opts.fail_call()),
        in_caller_memory_((opts.seed & 1U) != 0),
        hs_(in_caller_memory_ ? rtmp_hs_init(memory_, sizeof memory_, role)
                              : rtmp_hs_new(role)),
        peer_(peer),
        peer_size_(peer_size),
        verdict_(Judge(role, opts, peer, peer_size)),
        encrypted_(peer_size > 0 && opts.AgreesOn(role, peer[0])),
        drain_buf_(drain_cap) {
    FUZZ_CHECK(hs_ != nullptr);
    FUZZ_CHECK(rtmp_hs_state(hs_) == RTMP_HS_IN_PROGRESS);
    FUZZ_CHECK(rtmp_hs_needed(hs_) == kFlight);
    opts_.Apply(hs_, &random_);
  }
  ~SingleRoleRun() {
    if (!in_caller_memory_) {
      rtmp_hs_free(hs_);
      return;
    }
    rtmp_hs_cleanup(hs_);
    for (const unsigned char byte : memory_) {
      FUZZ_CHECK(byte == 0);  // cleanup wipes the whole block
    }
  }
  SingleRoleRun(const SingleRoleRun &) = delete;
  SingleRoleRun &operator=(const SingleRoleRun &) = delete;

  void Run(SplitPlan *plan) {
    CheckState();
    if (opts_.Has(kOptExplicitStart)) {
      Start();
    }
    size_t pos = 0;
    do {
      const size_t left = peer_size_ - pos;
      const size_t want = plan->Next();
      const size_t n = want < left ? want : left;
      Feed(pos, n);
      pos += n;
      if (opts_.Has(kOptLazyDrain)) {
        DrainOnce();
      } else {
        DrainAll();
      }
    } while (pos < peer_size_);

    // Every byte up to the end of the peer's P2 is taken, none after it.
    if (rtmp_hs_state(hs_) != RTMP_HS_FAILED) {
      FUZZ_CHECK(consumed_ == (peer_size_ < kFlight ? peer_size_ : kFlight));
    }
    if (rtmp_hs_state(hs_) != RTMP_HS_IN_PROGRESS) {
      Feed(0, peer_size_);  // a finished handle takes nothing more
    }
    Start();  // harmless at any point
    if (started_) {
      CheckOptionsLocked(hs_, &random_);
    }
    DrainAll();
    CheckOutput();
  }

 private:
  void Start() {
    const size_t pending_before = rtmp_hs_pending(hs_);
    const int state_before = rtmp_hs_state(hs_);
    const int rc = rtmp_hs_start(hs_);
    if (state_before == RTMP_HS_FAILED) {
      FUZZ_CHECK(rc == sticky_);
    } else if (started_ || role_ == RTMP_HS_SERVER) {
      FUZZ_CHECK(rc == RTMP_HS_OK);
      FUZZ_CHECK(rtmp_hs_pending(hs_) == pending_before);
    } else if (rc != RTMP_HS_OK) {
      FUZZ_CHECK(rc == RTMP_HS_ERR_RANDOM);
      sticky_ = rc;
    }
    started_ = true;
    CheckState();
  }

  void Feed(size_t pos, size_t n) {
    // An exact-size heap copy, so a read past the chunk is an ASan report.
    std::vector<uint8_t> chunk(peer_ + pos, peer_ + pos + n);
    const uint8_t *data = n == 0 ? nullptr : chunk.data();
    if (opts_.Has(kOptProbeArgs)) {
      ProbeBadArguments(data, n);
    }
    const int state_before = rtmp_hs_state(hs_);
    const size_t pending_before = rtmp_hs_pending(hs_);
    size_t consumed = n + 1;
    const int rc = rtmp_hs_feed(hs_, data, n, &consumed);
    FUZZ_CHECK(consumed <= n);
    const int state = rtmp_hs_state(hs_);
    if (state_before == RTMP_HS_FAILED) {
      FUZZ_CHECK(rc == sticky_ && consumed == 0);
    } else if (state_before == RTMP_HS_DONE) {
      FUZZ_CHECK(rc == RTMP_HS_OK && consumed == 0);
      FUZZ_CHECK(rtmp_hs_pending(hs_) == pending_before);
    } else {
      started_ = true;  // a feed starts a client
      consumed_ += consumed;
      if (rc != RTMP_HS_OK) {
        FUZZ_CHECK(IsExpectedFailure(rc));
        FUZZ_CHECK(state == RTMP_HS_FAILED && rtmp_hs_error(hs_) == rc);
        sticky_ = rc;
      } else if (state == RTMP_HS_IN_PROGRESS) {
        FUZZ_CHECK(consumed == n);
      } else {
        FUZZ_CHECK(state == RTMP_HS_DONE && consumed_ == kFlight);
      }
    }
    CheckState();
  }

  // Bad arguments are refused and change nothing (not even start a client).
  void ProbeBadArguments(const uint8_t *data, size_t n) {
    const int state = rtmp_hs_state(hs_);
    const int error = rtmp_hs_error(hs_);
    const size_t pending = rtmp_hs_pending(hs_);
    const size_t needed = rtmp_hs_needed(hs_);
    size_t consumed = 7;
    FUZZ_CHECK(rtmp_hs_feed(hs_, data, n, nullptr) == RTMP_HS_ERR_ARG);
    if (n > 0) {
      FUZZ_CHECK(rtmp_hs_feed(hs_, nullptr, n, &consumed) == RTMP_HS_ERR_ARG);
    }
    FUZZ_CHECK(rtmp_hs_drain(hs_, nullptr, 16) == 0);
    FUZZ_CHECK(rtmp_hs_drain(hs_, nullptr, 0) == 0);
    const int bad_scheme = rtmp_hs_set_scheme(hs_, 2);
    FUZZ_CHECK(bad_scheme == RTMP_HS_ERR_ARG ||
               bad_scheme == RTMP_HS_ERR_STATE);
    const int bad_flags = rtmp_hs_set_flags(hs_, 4);
    FUZZ_CHECK(bad_flags == RTMP_HS_ERR_ARG || bad_flags == RTMP_HS_ERR_STATE);
    FUZZ_CHECK(rtmp_hs_state(hs_) == state && rtmp_hs_error(hs_) == error);
    FUZZ_CHECK(rtmp_hs_pending(hs_) == pending);
    FUZZ_CHECK(rtmp_hs_needed(hs_) == needed);
  }

  size_t DrainOnce() {
    const size_t pending = rtmp_hs_pending(hs_);
    const size_t n = rtmp_hs_drain(hs_, drain_buf_.data(), drain_buf_.size());
    FUZZ_CHECK(n <= drain_buf_.size() && n <= pending);
    FUZZ_CHECK(n ==
               (pending < drain_buf_.size() ? pending : drain_buf_.size()));
    FUZZ_CHECK(rtmp_hs_pending(hs_) == pending - n);
    FUZZ_CHECK(drained_ + n <= kFlight);
    if (n > 0) {
      std::memcpy(out_ + drained_, drain_buf_.data(), n);
      drained_ += n;
    }
    CheckState();
    return n;
  }

  void DrainAll() {
    while (DrainOnce() > 0) {
    }
  }

  // How much output the handle must have produced by now (when not failed).
  size_t ExpectedOutput() const {
    if (role_ == RTMP_HS_CLIENT) {
      if (!started_) {
        return 0;
      }
      return consumed_ < kP1End ? kP1End : kFlight;
    }
    return consumed_ < kP1End ? 0 : kFlight;
  }

  // What must hold after every call.
  void CheckState() {
    const int state = rtmp_hs_state(hs_);
    FUZZ_CHECK(state == RTMP_HS_IN_PROGRESS || state == RTMP_HS_DONE ||
               state == RTMP_HS_FAILED);
    if (last_state_ != RTMP_HS_IN_PROGRESS) {
      FUZZ_CHECK(state == last_state_);  // forward only
    }
    last_state_ = state;

    const int error = rtmp_hs_error(hs_);
    const size_t pending = rtmp_hs_pending(hs_);
    FUZZ_CHECK(consumed_ <= kFlight);
    FUZZ_CHECK(drained_ + pending <= kFlight);
    if (state == RTMP_HS_FAILED) {
      FUZZ_CHECK(sticky_ != RTMP_HS_OK && error == sticky_);
      FUZZ_CHECK(pending == 0);  // a failed handle sends nothing more
      FUZZ_CHECK(rtmp_hs_needed(hs_) == 0);
    } else {
      FUZZ_CHECK(error == RTMP_HS_OK);
      FUZZ_CHECK(drained_ + pending == ExpectedOutput());
    }
    if (state == RTMP_HS_IN_PROGRESS) {
      FUZZ_CHECK(rtmp_hs_needed(hs_) == kFlight - consumed_);
    }
    if (state == RTMP_HS_DONE) {
      FUZZ_CHECK(consumed_ == kFlight && rtmp_hs_needed(hs_) == 0);
    }

    // What was learned about the peer is exactly what it sent.
    FUZZ_CHECK(rtmp_hs_peer_p0(hs_) == (consumed_ > 0 ? peer_[0] : -1));
    const bool have_p1 = consumed_ >= kP1End;
    FUZZ_CHECK(rtmp_hs_peer_time(hs_) == (have_p1 ? Be32At(peer_ + 1) : 0));
    FUZZ_CHECK(rtmp_hs_peer_version(hs_) == (have_p1 ? Be32At(peer_ + 5) : 0));
    const int mode = rtmp_hs_mode(hs_);
    const int peer_scheme = rtmp_hs_peer_scheme(hs_);
    FUZZ_CHECK(peer_scheme >= -1 && peer_scheme <= 1);
    FUZZ_CHECK(mode >= -1 && mode <= RTMP_HS_MODE_ENCRYPTED);
    const bool agreed = encrypted_ && consumed_ > 0;
    FUZZ_CHECK(rtmp_hs_encryption_type(hs_) == (agreed ? peer_[0] : 0));
    if (!have_p1) {
      FUZZ_CHECK(mode == -1 && peer_scheme == -1);
    } else if (state != RTMP_HS_FAILED) {
      FUZZ_CHECK(mode != -1);
    }
    // Under RTMPE every check is strict, whatever the flags.
    const bool require_digest = opts_.Has(kOptRequireDigest) || encrypted_;
    const bool verify_p2 = opts_.Has(kOptVerifyP2) || encrypted_;
    if (mode != -1) {
      // Digest exactly when we may send one and the peer's P1 has one.
      const bool digest = opts_.version != 0 && peer_scheme >= 0;
      FUZZ_CHECK(mode == (encrypted_ ? RTMP_HS_MODE_ENCRYPTED
                          : digest   ? RTMP_HS_MODE_DIGEST
                                     : RTMP_HS_MODE_SIMPLE));
    }
    if (have_p1 && peer_scheme < 0 && require_digest) {
      FUZZ_CHECK(state == RTMP_HS_FAILED && error == RTMP_HS_ERR_DIGEST);
    }
    const int verified = rtmp_hs_peer_verified(hs_);
    FUZZ_CHECK(verified == 0 || (verified == 1 && state == RTMP_HS_DONE));
    if (state == RTMP_HS_DONE && verify_p2) {
      FUZZ_CHECK(verified == 1);
    }
    // RC4 only after an encrypted handshake completed.
    uint8_t probe[3] = {1, 2, 3};
    const int want =
        state == RTMP_HS_DONE && encrypted_ ? RTMP_HS_OK : RTMP_HS_ERR_STATE;
    FUZZ_CHECK(rtmp_hs_encrypt(hs_, probe, sizeof probe) == want);
    FUZZ_CHECK(rtmp_hs_decrypt(hs_, probe, sizeof probe) == want);

    // Each failure happens exactly where its cause is.
    if (verdict_.at != 0) {
      FUZZ_CHECK(consumed_ <= verdict_.at);
      if (consumed_ == verdict_.at) {
        FUZZ_CHECK(state == RTMP_HS_FAILED && error == verdict_.code);
      }
    }
    switch (error) {
      case RTMP_HS_ERR_VERSION:
      case RTMP_HS_ERR_TLS:
      case RTMP_HS_ERR_HTTP:
      case RTMP_HS_ERR_UNSUPPORTED:
        FUZZ_CHECK(consumed_ == verdict_.at && error == verdict_.code);
        break;
      case RTMP_HS_ERR_DIGEST:
        FUZZ_CHECK(consumed_ == kP1End && require_digest);
        FUZZ_CHECK(peer_scheme == -1);
        break;
      case RTMP_HS_ERR_DH:
        // Only a P1 whose digest validated gets its key looked at.
        FUZZ_CHECK(consumed_ == kP1End && encrypted_ && peer_scheme >= 0);
        break;
      case RTMP_HS_ERR_SIGNATURE:
        FUZZ_CHECK(consumed_ == kFlight && verify_p2);
        FUZZ_CHECK(verified == 0);
        break;
      case RTMP_HS_ERR_RANDOM:
        FUZZ_CHECK(random_.failed());
        break;
      default:
        FUZZ_CHECK(error == RTMP_HS_OK);
    }
    if (random_.failed()) {
      FUZZ_CHECK(state == RTMP_HS_FAILED && error == RTMP_HS_ERR_RANDOM);
    }
  }

  // Our own flight, as far as it was drained.
  void CheckOutput() const {
    const int mode = rtmp_hs_mode(hs_);
    if (drained_ >= 1) {
      // A client asks for its type; a server answers with the agreed one.
      const int p0 = role_ == RTMP_HS_CLIENT
                         ? (opts_.encryption != 0 ? opts_.encryption : 3)
                     : encrypted_ ? peer_[0]
                                  : 3;
      FUZZ_CHECK(out_[0] == p0);
    }
    if (drained_ >= 9) {
      FUZZ_CHECK(Be32At(out_ + 1) == opts_.time);
      // A P1 without a digest carries version 0 (the server's SIMPLE S1).
      const bool digest_p1 = role_ == RTMP_HS_CLIENT ||
                             mode == RTMP_HS_MODE_DIGEST ||
                             mode == RTMP_HS_MODE_ENCRYPTED;
      FUZZ_CHECK(Be32At(out_ + 5) == (digest_p1 ? opts_.version : 0));
    }
    if (drained_ == kFlight) {
      const uint8_t *p2 = out_ + kP1End;
      if (mode == RTMP_HS_MODE_SIMPLE) {
        // The original handshake: a byte-exact echo of the peer's P1.
        FUZZ_CHECK(std::memcmp(p2, peer_ + 1, kPacket) == 0);
      } else {
        FUZZ_CHECK(mode == RTMP_HS_MODE_DIGEST ||
                   mode == RTMP_HS_MODE_ENCRYPTED);
        FUZZ_CHECK(Be32At(p2) == Be32At(peer_ + 1));
        FUZZ_CHECK(Be32At(p2 + 4) == opts_.time);
      }
    }
  }

  const int role_;
  const HandleOptions opts_;
  FuzzRandom random_;
  // Odd seeds put the handle in caller memory (rtmp_hs_init): the same
  // contract must hold there, and cleanup must leave the block all zero.
  alignas(16) unsigned char memory_[8192];
  const bool in_caller_memory_;
  rtmp_hs *const hs_;
  const uint8_t *const peer_;
  const size_t peer_size_;
  const OpeningVerdict verdict_;
  const bool encrypted_;  // the peer's P0 agrees on RTMPE with us

  bool started_ = false;
  size_t consumed_ = 0;  // total over all feeds
  int last_state_ = RTMP_HS_IN_PROGRESS;
  int sticky_ = RTMP_HS_OK;

  std::vector<uint8_t> drain_buf_;
  uint8_t out_[kFlight] = {};
  size_t drained_ = 0;
};

}  // namespace

void RunSingleRole(int role, const uint8_t *data, size_t size) {
  FuzzInput in(data, size);
  const HandleOptions opts = HandleOptions::Read(&in, role);
  const uint8_t cap_code = in.U8();
  const size_t drain_cap = cap_code == 0 ? 8192 : cap_code;
  SplitPlan plan;
  plan.Read(&in);
  SingleRoleRun run(role, opts, in.rest(), in.rest_size(), drain_cap);
  run.Run(&plan);
}

}  // namespace rtmphs_fuzz
