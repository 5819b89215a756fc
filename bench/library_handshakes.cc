// The library through its C API, as a user runs it: handles created, the
// whole exchange, handles released, with the default random source (the
// per-handle CSPRNG). Each mode is measured three ways:
//
// - pair: a client and a server against each other, in memory;
// - client: one client against a server flight recorded once beforehand;
// - server: one server against a client flight recorded once beforehand.
//
// A recorded flight answers another handle's P1, so the lone side's check
// of the peer's P2 fails: it does the same work (the signature is computed
// and compared, then the echo) and completes anyway (lenient default).
//
// To add a mode, add a row to kModes.
#include <benchmark/benchmark.h>
#include <rtmp_handshake.h>
#include <time.h>

#include <array>
#include <cstdint>
#include <string>

#include "reference_work.h"

namespace {

constexpr size_t kPacket = 1536;
constexpr size_t kFlight = 1 + 2 * kPacket;

struct ModeSpec {
  const char *name;
  void (*setup)(rtmp_hs *client, rtmp_hs *server);
  // A lone side is fed a recorded flight. Under RTMPE that cannot complete:
  // the P2 check is strict, and the recording signed another DH key's P1.
  bool alone = true;
};

void Plain(rtmp_hs *client, rtmp_hs * /*server*/) {
  rtmp_hs_set_version(client, 0);  // the original handshake
}
void Digest(rtmp_hs * /*client*/, rtmp_hs * /*server*/) {}  // the defaults
// RTMPE: the client asks for the type, the server accepts all three.
template <int kType>
void Encrypted(rtmp_hs *client, rtmp_hs *server) {
  rtmp_hs_set_encryption(client, kType);
  rtmp_hs_set_encryption(server, (1 << 6) | (1 << 8) | (1 << 9));
}

const ModeSpec kModes[] = {
    {"plain", Plain},
    {"digest", Digest},
    {"rtmpe6", Encrypted<6>, false},
    {"rtmpe8", Encrypted<8>, false},
    {"rtmpe9", Encrypted<9>, false},
};

// One direction's bytes, fixed-size.
struct Wire {
  std::array<uint8_t, kFlight> bytes{};
  size_t len = 0;
};

// Drains from, feeds to; records what moved when wire is not null.
bool Relay(rtmp_hs *from, rtmp_hs *to, Wire *wire) {
  std::array<uint8_t, kFlight> buf;
  const size_t n = rtmp_hs_drain(from, buf.data(), buf.size());
  if (n == 0) {
    return false;
  }
  if (wire != nullptr) {
    std::copy(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n),
              wire->bytes.begin() + static_cast<std::ptrdiff_t>(wire->len));
    wire->len += n;
  }
  size_t used = 0;
  rtmp_hs_feed(to, buf.data(), n, &used);
  return true;
}

// A whole pair; false unless both completed.
bool RunPair(const ModeSpec &mode, Wire *to_server, Wire *to_client) {
  rtmp_hs *client = rtmp_hs_new(RTMP_HS_CLIENT);
  rtmp_hs *server = rtmp_hs_new(RTMP_HS_SERVER);
  mode.setup(client, server);
  rtmp_hs_start(client);
  while (Relay(client, server, to_server) | Relay(server, client, to_client)) {
  }
  const bool done = rtmp_hs_state(client) == RTMP_HS_DONE &&
                    rtmp_hs_state(server) == RTMP_HS_DONE;
  rtmp_hs_free(client);
  rtmp_hs_free(server);
  return done;
}

void BM_Pair(benchmark::State &state, const ModeSpec *mode) {
  for (auto _ : state) {
    if (!RunPair(*mode, nullptr, nullptr)) {
      state.SkipWithError("handshake did not complete");
      break;
    }
  }
}

// Feeds a recorded flight to a lone handle and drains its answers.
bool RunAlone(int role, const ModeSpec &mode, const Wire &peer) {
  rtmp_hs *hs = rtmp_hs_new(role);
  if (role == RTMP_HS_CLIENT) {
    mode.setup(hs, nullptr);
  } else {
    mode.setup(nullptr, hs);  // setups ignore the NULL side's calls
  }
  std::array<uint8_t, kFlight> out;
  rtmp_hs_start(hs);
  rtmp_hs_drain(hs, out.data(), out.size());
  size_t used = 0;
  // The peer's first packets, then the rest: each answer is drained the way
  // a server loop would.
  const size_t first = 1 + kPacket;
  rtmp_hs_feed(hs, peer.bytes.data(), first, &used);
  rtmp_hs_drain(hs, out.data(), out.size());
  rtmp_hs_feed(hs, peer.bytes.data() + first, peer.len - first, &used);
  rtmp_hs_drain(hs, out.data(), out.size());
  const bool done = rtmp_hs_state(hs) == RTMP_HS_DONE;
  rtmp_hs_free(hs);
  return done;
}

void BM_Alone(benchmark::State &state, int role, const ModeSpec *mode) {
  Wire to_server;
  Wire to_client;
  if (!RunPair(*mode, &to_server, &to_client)) {
    state.SkipWithError("recording the peer's flight failed");
  }
  const Wire &peer = role == RTMP_HS_CLIENT ? to_client : to_server;
  for (auto _ : state) {
    if (!RunAlone(role, *mode, peer)) {
      state.SkipWithError("handshake did not complete");
      break;
    }
  }
}

void BM_NewFree(benchmark::State &state) {
  for (auto _ : state) {
    rtmp_hs *hs = rtmp_hs_new(RTMP_HS_SERVER);
    benchmark::DoNotOptimize(hs);
    rtmp_hs_free(hs);
  }
}

void BM_InitCleanup(benchmark::State &state) {
  alignas(16) static unsigned char block[8192];
  for (auto _ : state) {
    rtmp_hs *hs = rtmp_hs_init(block, sizeof block, RTMP_HS_SERVER);
    benchmark::DoNotOptimize(hs);
    rtmp_hs_cleanup(hs);
  }
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The pair and the mbedTLS floor, one after the other in every iteration:
// on a loaded machine both see the same load, so their ratio (counter
// x_floor) is steadier than that of two separately timed benchmarks.
void BM_PairVersusFloor(benchmark::State &state, const ModeSpec *mode) {
  rtmphs_bench::MbedtlsFloor floor;
  if (!floor.ok()) {
    state.SkipWithError("mbedTLS set-up failed");
  }
  double pair_s = 0;
  double floor_s = 0;
  for (auto _ : state) {
    const double t0 = ThreadCpuSeconds();
    floor.Run();
    const double t1 = ThreadCpuSeconds();
    if (!RunPair(*mode, nullptr, nullptr)) {
      state.SkipWithError("handshake did not complete");
      break;
    }
    pair_s += ThreadCpuSeconds() - t1;
    floor_s += t1 - t0;
  }
  if (floor_s > 0) {
    state.counters["x_floor"] = pair_s / floor_s;
  }
}

// Registered in code so kModes is the single list of modes.
const bool kRegistered = [] {
  for (const ModeSpec &mode : kModes) {
    const std::string name = mode.name;
    benchmark::RegisterBenchmark(("pair/" + name).c_str(), BM_Pair, &mode);
    if (!mode.alone) {
      continue;
    }
    benchmark::RegisterBenchmark(("client/" + name).c_str(), BM_Alone,
                                 RTMP_HS_CLIENT, &mode);
    benchmark::RegisterBenchmark(("server/" + name).c_str(), BM_Alone,
                                 RTMP_HS_SERVER, &mode);
  }
  for (const ModeSpec &mode : kModes) {
    benchmark::RegisterBenchmark(
        ("paired/pair_" + std::string(mode.name) + "_vs_floor").c_str(),
        BM_PairVersusFloor, &mode);
  }
  benchmark::RegisterBenchmark("handle/new_free", BM_NewFree);
  benchmark::RegisterBenchmark("handle/init_cleanup", BM_InitCleanup);
  return true;
}();

}  // namespace
