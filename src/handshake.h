// The handshake state machine, both roles, sans-IO.
//
// The peer's side of the handshake is a fixed-length byte stream, P0 (1) +
// P1 (1536) + P2 (1536), so the machine collects it into one buffer and acts
// at each boundary: P0 complete (version or wrong-protocol check), P1
// complete (mode decided, our reply queued), P2 complete (verified, done).
// Our own flight sits in a second buffer of the same shape; our P1 stays
// there after it is drained, to judge the peer's P2 against.
//
// RTMPE (P0 = 6, 8 or 9) is the digest handshake with every check strict,
// a Diffie-Hellman key in each P1 and, once both P1s are known, one RC4
// stream per direction for the bytes after the handshake.
#ifndef RTMPHS_HANDSHAKE_H_
#define RTMPHS_HANDSHAKE_H_

#include <cstddef>
#include <cstdint>

#include "digest_scheme.h"
#include "random_source.h"
#include "rtmpe/diffie_hellman.h"
#include "rtmpe/rc4_stream.h"
#include "status.h"

namespace rtmphs {

enum class Role : int { kClient = 1, kServer = 2 };
enum class State : int { kInProgress = 0, kDone = 1, kFailed = 2 };
enum class Mode : int {
  kUnknown = -1,
  kSimple = 0,
  kDigest = 1,
  kEncrypted = 2
};

// Option flags (same bits as RTMP_HS_REQUIRE_DIGEST / RTMP_HS_VERIFY_P2).
constexpr uint32_t kRequireDigest = 1;
constexpr uint32_t kVerifyP2 = 2;
constexpr uint32_t kAllFlags = kRequireDigest | kVerifyP2;

constexpr int kSchemeAuto = -1;
constexpr uint8_t kRtmpVersion = 3;  // the only plain P0 value
constexpr uint32_t kDefaultClientVersion = 0x80000702;  // Flash Player's
constexpr uint32_t kDefaultServerVersion = 0x04050001;  // first byte >= 3

// Sizes of one side's handshake stream and its boundaries.
constexpr size_t kP1End = 1 + kPacketSize;
constexpr size_t kFlightSize = 1 + 2 * kPacketSize;

class Handshake {
 public:
  explicit Handshake(Role role);
  ~Handshake();
  Handshake(const Handshake &) = delete;
  Handshake &operator=(const Handshake &) = delete;

  // Options: kState once started, fed or failed.
  Status SetVersion(uint32_t version);
  Status SetTime(uint32_t time_ms);
  Status SetScheme(int scheme);
  Status SetFlags(uint32_t flags);
  Status SetRandom(RandomFn fn, void *ctx);
  // Client: the type to ask for (0, 6, 8, 9). Server: the mask of types it
  // accepts. kUnsupported for a type this crypto library cannot do.
  Status SetEncryption(int types);

  Status Start();
  Status Feed(const uint8_t *data, size_t len, size_t *consumed);

  size_t Pending() const { return out_len_ - out_pos_; }
  size_t Drain(uint8_t *out, size_t cap);
  size_t Needed() const;

  State state() const { return state_; }
  Status error() const { return error_; }
  Role role() const { return role_; }

  // What was learned about the peer; neutral values until known.
  int peer_p0() const { return in_len_ > 0 ? in_[0] : -1; }
  uint32_t peer_version() const;
  uint32_t peer_time() const;
  Mode mode() const { return mode_; }
  int peer_scheme() const { return peer_scheme_; }
  bool peer_verified() const { return peer_verified_; }
  // 6, 8 or 9 once the server's S0 agreed on it; else 0.
  int encryption_type() const { return encryption_type_; }

  // RC4 over the bytes after the handshake, in place; kState before DONE
  // or without encryption.
  Status Encrypt(uint8_t *buf, size_t len);
  Status Decrypt(uint8_t *buf, size_t len);

  // The 42-byte SWFVerification response from the server's S1; kState
  // until S1 is known (a client: received; a server: built).
  Status SwfVerification(const uint8_t swf_hash[kDigestSize], uint32_t swf_size,
                         uint8_t out[42]) const;

 private:
  Status Fail(Status s);
  // Feed() starts the handle too, and every way to finish or fail goes
  // through one of the two.
  bool OptionsLocked() const { return started_; }
  // How far the buffer must fill before the next step can run.
  size_t NextBoundary() const;
  // Runs whatever step the bytes collected so far allow.
  Status Advance();
  Status CheckP0();
  Status OnPeerP1();
  Status OnPeerP2();
  Status CheckEncryptedP0(uint8_t p0);
  // S0 and S1, answering the C1 whose digest is in scheme found (-1: none).
  Status BuildServerP0P1(int found, bool *digest);
  Status BuildOwnP1(bool with_digest, int scheme, bool with_key);
  Status StartEncryption(int peer_scheme);
  Status BuildSignedP2(const uint8_t *peer_p1, int peer_scheme, Party signer);

  const uint8_t *peer_p1() const { return in_ + 1; }
  const uint8_t *peer_p2() const { return in_ + kP1End; }
  uint8_t *own_p1() { return out_ + 1; }
  uint8_t *own_p2() { return out_ + kP1End; }
  Party own_party() const {
    return role_ == Role::kClient ? Party::kClient : Party::kServer;
  }
  Party peer_party() const {
    return role_ == Role::kClient ? Party::kServer : Party::kClient;
  }

  // Widest alignment first (the CSPRNG's state is 16-byte aligned), so the
  // handle carries no padding worth the name.
  RandomSource random_;
  size_t in_len_ = 0;   // bytes of in_ received
  size_t out_len_ = 0;  // bytes of out_ queued so far
  size_t out_pos_ = 0;  // bytes of out_ drained so far

  const Role role_;
  uint32_t version_;
  uint32_t time_ = 0;
  int scheme_option_ = kSchemeAuto;
  uint32_t flags_ = 0;
  int encryption_option_ = 0;  // client: a type; server: a mask

  State state_ = State::kInProgress;
  Status error_ = Status::kOk;

  Mode mode_ = Mode::kUnknown;
  int peer_scheme_ = -1;
  int own_scheme_ = -1;  // where our P1 digest is; -1 when it has none
  int encryption_type_ = 0;
  bool peer_verified_ = false;
  bool started_ = false;
  bool p0_checked_ = false;

  // RTMPE only: our private exponent until the secret is known, then the
  // two RC4 states. Each wipes itself.
  DiffieHellman dh_;
  Rc4Stream rc4_out_;
  Rc4Stream rc4_in_;

  uint8_t in_[kFlightSize] = {};   // the peer's P0, P1, P2 as they arrive
  uint8_t out_[kFlightSize] = {};  // our P0, P1, P2
};

}  // namespace rtmphs

#endif  // RTMPHS_HANDSHAKE_H_
