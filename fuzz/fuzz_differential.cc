// libFuzzer target: this library's client against its own server, with
// fuzzed options on both sides, fuzzed fragmentation each way, random bytes
// taken from the input, and trailing bytes (the start of the chunk stream)
// sent right after each side's last packet. The outcome is predicted from
// the options alone, then checked: who completes or fails with what, what
// each side learned about the other, and that the trailing bytes come back
// untouched at data + consumed.
//
// Input layout: client options block, server options block (14 bytes each,
// handle_options.h; only the flag, version, start, scheme, time and seed
// fields apply), trailing length client->server, trailing length
// server->client (one byte each), split plan client->server, split plan
// server->client (fuzz_input.h), then the pool of random bytes both handles
// draw from (in call order) before falling back to the client's LCG.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_random.h"
#include "handle_options.h"
#include "rtmp_handshake.h"

namespace rtmphs_fuzz {
namespace {

constexpr size_t kP1End = 1537;
constexpr size_t kFlight = 3073;
// Options this target predicts outcomes for; the rest are masked off.
constexpr uint8_t kDifferentialBits =
    kOptRequireDigest | kOptVerifyP2 | kOptSetVersion | kOptExplicitStart;

// One handle and the byte stream it sends to the other.
struct Endpoint {
  rtmp_hs *hs = nullptr;
  HandleOptions opts;
  std::vector<uint8_t> wire;      // everything it sent, then its trailing
  std::vector<uint8_t> trailing;  // appended once its flight is drained
  bool trailing_sent = false;
  size_t drained = 0;
  size_t delivered = 0;           // of `wire`, already fed to the peer
  std::vector<uint8_t> leftover;  // peer bytes it did not consume once done
  size_t consumed = 0;
  SplitPlan plan;  // fragmentation of what it receives

  ~Endpoint() { rtmp_hs_free(hs); }

  void Drain() {
    uint8_t buf[700];  // not a divisor of 1537 or 3073
    size_t n = 0;
    while ((n = rtmp_hs_drain(hs, buf, sizeof buf)) > 0) {
      wire.insert(wire.end(), buf, buf + n);
      drained += n;
    }
    FUZZ_CHECK(drained <= kFlight);
    if (drained == kFlight && !trailing_sent) {
      wire.insert(wire.end(), trailing.begin(), trailing.end());
      trailing_sent = true;
    }
  }
};

// Feeds `to` the next chunk of what `from` sent; returns the chunk size.
size_t Deliver(Endpoint *from, Endpoint *to) {
  const size_t available = from->wire.size() - from->delivered;
  if (available == 0) {
    return 0;
  }
  const size_t want = to->plan.Next();
  const size_t n = want < available ? want : available;
  const std::vector<uint8_t> chunk(
      from->wire.begin() + static_cast<std::ptrdiff_t>(from->delivered),
      from->wire.begin() + static_cast<std::ptrdiff_t>(from->delivered + n));
  from->delivered += n;
  const int state_before = rtmp_hs_state(to->hs);
  size_t consumed = n + 1;
  const int rc =
      rtmp_hs_feed(to->hs, n == 0 ? nullptr : chunk.data(), n, &consumed);
  FUZZ_CHECK(consumed <= n);
  const int state = rtmp_hs_state(to->hs);
  if (state_before != RTMP_HS_IN_PROGRESS) {
    FUZZ_CHECK(consumed == 0 && state == state_before);
    FUZZ_CHECK(rc == rtmp_hs_error(to->hs));
  } else if (state == RTMP_HS_IN_PROGRESS) {
    FUZZ_CHECK(rc == RTMP_HS_OK && consumed == n);
  } else if (state == RTMP_HS_FAILED) {
    FUZZ_CHECK(rc == rtmp_hs_error(to->hs) && rc != RTMP_HS_OK);
  } else {
    FUZZ_CHECK(rc == RTMP_HS_OK);
  }
  to->consumed += consumed;
  FUZZ_CHECK(to->consumed <= kFlight);
  if (state == RTMP_HS_DONE) {
    to->leftover.insert(to->leftover.end(),
                        chunk.begin() + static_cast<std::ptrdiff_t>(consumed),
                        chunk.end());
  }
  return n;
}

struct Expected {
  int client_state = RTMP_HS_DONE;
  int server_state = RTMP_HS_DONE;
  int client_error = RTMP_HS_OK;
  int server_error = RTMP_HS_OK;
  int mode = RTMP_HS_MODE_SIMPLE;
  int client_sees_scheme = -1;  // where the client finds the S1 digest
  int server_sees_scheme = -1;  // where the server finds the C1 digest
  uint32_t s1_version = 0;      // S1 bytes 4..7
  int encryption = 0;           // the agreed RTMPE type
};

// The outcome the behaviour decisions (BRIEF) give for these options.
Expected Predict(const HandleOptions &c, const HandleOptions &s) {
  Expected e;
  const int c1_scheme = c.scheme == RTMP_HS_SCHEME_AUTO ? 0 : c.scheme;
  if (c.encryption != 0) {
    // RTMPE: the server accepts the type or refuses it at C0; our two
    // sides then always agree, whatever the versions and flags.
    if ((s.encryption & (1 << c.encryption)) == 0) {
      e.server_state = RTMP_HS_FAILED;
      e.server_error = RTMP_HS_ERR_UNSUPPORTED;
      e.client_state = RTMP_HS_IN_PROGRESS;
      return e;
    }
    e.encryption = c.encryption;
    e.mode = RTMP_HS_MODE_ENCRYPTED;
    e.server_sees_scheme = c1_scheme;
    e.client_sees_scheme =
        s.scheme == RTMP_HS_SCHEME_AUTO ? c1_scheme : s.scheme;
    e.s1_version = s.version;
    return e;
  }
  const bool c1_digest = c.version != 0;
  e.server_sees_scheme = c1_digest ? c1_scheme : -1;
  if (s.Has(kOptRequireDigest) && !c1_digest) {
    e.server_state = RTMP_HS_FAILED;
    e.server_error = RTMP_HS_ERR_DIGEST;
    e.client_state = RTMP_HS_IN_PROGRESS;  // never hears back
    return e;
  }
  const bool s1_digest = s.version != 0 && c1_digest;
  int s1_scheme = s.scheme;
  if (s1_scheme == RTMP_HS_SCHEME_AUTO) {
    s1_scheme = c1_digest ? c1_scheme : 1;
  }
  e.client_sees_scheme = s1_digest ? s1_scheme : -1;
  e.s1_version = s1_digest ? s.version : 0;
  e.mode = s1_digest ? RTMP_HS_MODE_DIGEST : RTMP_HS_MODE_SIMPLE;
  if (c.Has(kOptRequireDigest) && !s1_digest) {
    e.client_state = RTMP_HS_FAILED;
    e.client_error = RTMP_HS_ERR_DIGEST;
    e.server_state = RTMP_HS_IN_PROGRESS;  // waits for C2 forever
  }
  return e;
}

void FillTrailing(std::vector<uint8_t> *out, size_t n, FuzzRandom *random) {
  out->resize(n);
  for (uint8_t &b : *out) {
    b = random->NextByte();
  }
}

void Run(const uint8_t *data, size_t size) {
  FuzzInput in(data, size);
  Endpoint client;
  Endpoint server;
  client.opts = HandleOptions::Read(&in, RTMP_HS_CLIENT);
  server.opts = HandleOptions::Read(&in, RTMP_HS_SERVER);
  client.opts.bits &= kDifferentialBits;
  server.opts.bits &= kDifferentialBits;
  const size_t client_trailing = in.U8();
  const size_t server_trailing = in.U8();
  server.plan.Read(&in);  // what the server receives
  client.plan.Read(&in);
  FuzzRandom random(client.opts.seed, FuzzRandom::kNeverFail, in.rest(),
                    in.rest_size());
  FuzzRandom trailing_random(server.opts.seed);
  FillTrailing(&client.trailing, client_trailing, &trailing_random);
  FillTrailing(&server.trailing, server_trailing, &trailing_random);

  client.hs = rtmp_hs_new(RTMP_HS_CLIENT);
  server.hs = rtmp_hs_new(RTMP_HS_SERVER);
  FUZZ_CHECK(client.hs != nullptr && server.hs != nullptr);
  client.opts.Apply(client.hs, &random);
  server.opts.Apply(server.hs, &random);
  if (client.opts.Has(kOptExplicitStart)) {
    FUZZ_CHECK(rtmp_hs_start(client.hs) == RTMP_HS_OK);
  } else {
    size_t consumed = 1;  // an empty feed starts a client too
    FUZZ_CHECK(rtmp_hs_feed(client.hs, nullptr, 0, &consumed) == RTMP_HS_OK);
    FUZZ_CHECK(consumed == 0);
  }
  if (server.opts.Has(kOptExplicitStart)) {
    FUZZ_CHECK(rtmp_hs_start(server.hs) == RTMP_HS_OK);
    FUZZ_CHECK(rtmp_hs_pending(server.hs) == 0);
  }

  // Both directions until nothing is left to send; an upper bound on rounds
  // turns a livelock into a crash.
  for (int round = 0;; ++round) {
    FUZZ_CHECK(round < 100000);
    client.Drain();
    server.Drain();
    const size_t to_server = Deliver(&client, &server);
    server.Drain();
    const size_t to_client = Deliver(&server, &client);
    if (to_server == 0 && to_client == 0 &&
        client.delivered == client.wire.size() &&
        server.delivered == server.wire.size() &&
        rtmp_hs_pending(client.hs) == 0 && rtmp_hs_pending(server.hs) == 0) {
      break;
    }
  }

  const Expected e = Predict(client.opts, server.opts);
  FUZZ_CHECK(rtmp_hs_state(client.hs) == e.client_state);
  FUZZ_CHECK(rtmp_hs_state(server.hs) == e.server_state);
  FUZZ_CHECK(rtmp_hs_error(client.hs) == e.client_error);
  FUZZ_CHECK(rtmp_hs_error(server.hs) == e.server_error);

  const int c0 = client.opts.encryption != 0 ? client.opts.encryption : 3;
  FUZZ_CHECK(rtmp_hs_peer_p0(server.hs) == c0);
  if (e.server_error == RTMP_HS_ERR_UNSUPPORTED) {
    // Refused on C0 alone.
    FUZZ_CHECK(server.consumed == 1 && client.consumed == 0);
    FUZZ_CHECK(rtmp_hs_encryption_type(server.hs) == 0);
    return;
  }
  // The server always got C0+C1 and learned what the client set.
  FUZZ_CHECK(server.consumed >= kP1End);
  FUZZ_CHECK(rtmp_hs_encryption_type(server.hs) == e.encryption);
  FUZZ_CHECK(rtmp_hs_peer_version(server.hs) == client.opts.version);
  FUZZ_CHECK(rtmp_hs_peer_time(server.hs) == client.opts.time);
  FUZZ_CHECK(rtmp_hs_peer_scheme(server.hs) == e.server_sees_scheme);
  if (e.server_error != RTMP_HS_OK) {
    FUZZ_CHECK(server.consumed == kP1End && client.consumed == 0);
    FUZZ_CHECK(rtmp_hs_needed(client.hs) == kFlight);
    FUZZ_CHECK(rtmp_hs_peer_p0(client.hs) == -1);
    return;
  }
  FUZZ_CHECK(rtmp_hs_peer_p0(client.hs) ==
             (e.encryption != 0 ? e.encryption : 3));
  FUZZ_CHECK(rtmp_hs_encryption_type(client.hs) == e.encryption);
  FUZZ_CHECK(rtmp_hs_peer_version(client.hs) == e.s1_version);
  FUZZ_CHECK(rtmp_hs_peer_time(client.hs) == server.opts.time);
  FUZZ_CHECK(rtmp_hs_peer_scheme(client.hs) == e.client_sees_scheme);
  FUZZ_CHECK(rtmp_hs_mode(server.hs) == e.mode);
  if (e.client_error != RTMP_HS_OK) {
    FUZZ_CHECK(client.consumed == kP1End && server.consumed == kP1End);
    FUZZ_CHECK(rtmp_hs_needed(server.hs) == kFlight - kP1End);
    return;
  }
  FUZZ_CHECK(rtmp_hs_mode(client.hs) == e.mode);
  FUZZ_CHECK(rtmp_hs_peer_verified(client.hs) == 1);
  FUZZ_CHECK(rtmp_hs_peer_verified(server.hs) == 1);
  FUZZ_CHECK(client.consumed == kFlight && server.consumed == kFlight);
  // Nothing lost, nothing extra: the chunk stream starts at data + consumed.
  FUZZ_CHECK(server.leftover == client.trailing);
  FUZZ_CHECK(client.leftover == server.trailing);
  if (e.encryption == 0) {
    uint8_t byte = 0;
    FUZZ_CHECK(rtmp_hs_encrypt(client.hs, &byte, 1) == RTMP_HS_ERR_STATE);
    return;
  }
  // Both RC4 streams agree: what one side encrypts the other decrypts, in
  // whatever pieces the plan cuts it.
  for (Endpoint *from : {&client, &server}) {
    Endpoint *to = from == &client ? &server : &client;
    std::vector<uint8_t> bytes = from->trailing;
    FUZZ_CHECK(rtmp_hs_encrypt(from->hs, bytes.data(), bytes.size()) ==
               RTMP_HS_OK);
    for (size_t pos = 0; pos < bytes.size();) {
      size_t n = to->plan.Next();
      n = n < bytes.size() - pos ? n : bytes.size() - pos;
      FUZZ_CHECK(rtmp_hs_decrypt(to->hs, bytes.data() + pos, n) == RTMP_HS_OK);
      pos += n;
    }
    FUZZ_CHECK(bytes == from->trailing);
  }
}

}  // namespace
}  // namespace rtmphs_fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rtmphs_fuzz::Run(data, size);
  return 0;
}
