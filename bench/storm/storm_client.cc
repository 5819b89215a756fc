// rtmp_hs_storm: a connection storm against an RTMP server on 127.0.0.1.
//
// Opens N connections (at most --window being set up at a time), runs the
// client handshake on each with the library and holds them open; with all N
// open (and 200 ms for the server to catch up), times one more client from
// connect(2) to the server's answer to its `connect`; then every held client
// sends its `connect` and waits for the answer (any byte after the handshake,
// or the server closing). With --server-pid it reads the server's CPU time
// (the nanoseconds its threads ran, /proc/PID/task/*/schedstat) before the
// storm and after it settled. Prints one JSON object; exit status 0 when
// every client was served, 1 if not, 2 on a usage error. Bounded: N <= 20000,
// and each phase ends at --deadline.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <rtmp_handshake.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "rtmp/connect_chunk.h"

namespace {

constexpr int kMaxConnections = 20000;
constexpr int kMaxEvents = 256;
constexpr size_t kReadSize = 4096;
constexpr useconds_t kSettleBeforeProbeUs = 200 * 1000;
constexpr useconds_t kSettleUs = 100 * 1000;
constexpr useconds_t kSettleCheckUs = 50 * 1000;
constexpr int kSettleChecks = 20;

int64_t NowUs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

struct Options {
  int port = 0;
  int connections = 1000;
  int window = 256;
  int server_pid = 0;
  double deadline_s = 30;
};

// utime + stime of a process in seconds from /proc/PID/stat, in clock ticks
// (10 ms): the fallback when schedstat is missing. -1 if unreadable.
double TickCpuSecondsOf(int pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  FILE *in = std::fopen(path.c_str(), "r");
  if (in == nullptr) {
    return -1;
  }
  char text[1024] = {};
  const size_t length = std::fread(text, 1, sizeof text - 1, in);
  static_cast<void>(std::fclose(in));
  // After "pid (comm)": state is field 3, utime 14, stime 15.
  const char *fields = std::strrchr(text, ')');
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  if (length == 0 || fields == nullptr ||
      std::sscanf(fields + 1,
                  " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu",
                  &utime, &stime) != 2) {
    return -1;
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The CPU time of a process in seconds: the sum over its threads of
// /proc/PID/task/TID/schedstat's first field, the nanoseconds they ran (the
// same time utime + stime count, without their 10 ms ticks: at 1000
// handshakes a tick is 10 us each). -1 if unreadable.
double CpuSecondsOf(int pid) {
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR *dir = opendir(tasks.c_str());
  if (dir == nullptr) {
    return -1;
  }
  uint64_t ns = 0;
  bool read_all = true;
  while (const dirent *entry = readdir(dir)) {
    if (entry->d_name[0] == '.') {
      continue;
    }
    const std::string path = tasks + "/" + entry->d_name + "/schedstat";
    FILE *in = std::fopen(path.c_str(), "r");
    unsigned long long ran = 0;
    const bool read = in != nullptr && std::fscanf(in, "%llu", &ran) == 1;
    if (in != nullptr) {
      static_cast<void>(std::fclose(in));
    }
    if (!read) {
      read_all = false;
      break;
    }
    ns += ran;
  }
  closedir(dir);
  if (!read_all || ns == 0) {
    return TickCpuSecondsOf(pid);
  }
  return static_cast<double>(ns) / 1e9;
}

enum class Phase { kSetup, kHeld, kConnectSent, kServed, kFailed };

struct Conn {
  int fd = -1;
  rtmp_hs *hs = nullptr;
  Phase phase = Phase::kSetup;
  bool probe = false;    // sends connect right after the handshake
  uint32_t watched = 0;  // the epoll events registered
  std::vector<uint8_t> out;
  size_t sent = 0;
  int64_t started_us = 0;
  int64_t served_us = 0;
  Conn() = default;
  Conn(const Conn &) = delete;
  Conn &operator=(const Conn &) = delete;
  ~Conn() {
    if (fd >= 0) {
      close(fd);
    }
    rtmp_hs_free(hs);
  }
};

class Storm {
 public:
  Storm(const Options &o, std::vector<uint8_t> connect)
      : o_(o), connect_(std::move(connect)), epfd_(epoll_create1(0)) {}
  ~Storm() { close(epfd_); }
  Storm(const Storm &) = delete;
  Storm &operator=(const Storm &) = delete;

  int Run();

 private:
  struct Result {
    int held = 0;
    int held_at_probe = 0;
    int probe_port = 0;
    double probe_ms = -1;  // -1: the probe was not served
  };

  void Hold(int64_t deadline_us);
  void Probe(int64_t deadline_us, Result *r);
  void Release(int64_t deadline_us);
  double SettledCpuSeconds() const;
  bool Open(Conn *c);
  void Watch(Conn *c) const;
  void OnEvent(Conn *c, uint32_t events);
  void Flush(Conn *c);
  void Read(Conn *c);
  void FeedHandshake(Conn *c, const uint8_t *data, size_t len);
  void OnClosed(Conn *c, ssize_t n);
  void Fail(Conn *c, const std::string &why);
  static void Drain(Conn *c);
  void Finish(Conn *c, Phase phase);
  // Runs the loop until done() or the deadline; returns done().
  template <typename Done>
  bool Loop(int64_t deadline_us, Done done);

  const Options &o_;
  std::vector<uint8_t> connect_;
  int epfd_;
  std::vector<std::unique_ptr<Conn>> conns_;
  int setting_up_ = 0;
  int held_ = 0;
  int served_ = 0;
  int failed_ = 0;
  std::string first_error_;
};

// A failure leaves c in setup for the caller's Fail.
bool Storm::Open(Conn *c) {
  ++setting_up_;
  c->started_us = NowUs();
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  c->hs = rtmp_hs_new(RTMP_HS_CLIENT);
  if (c->fd < 0 || c->hs == nullptr || rtmp_hs_start(c->hs) != RTMP_HS_OK) {
    return false;
  }
  const int on = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(o_.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(c->fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) !=
          0 &&
      errno != EINPROGRESS) {
    return false;
  }
  Drain(c);
  epoll_event e{};
  e.events = c->watched = EPOLLIN | EPOLLOUT;
  e.data.ptr = c;
  return epoll_ctl(epfd_, EPOLL_CTL_ADD, c->fd, &e) == 0;
}

void Storm::Watch(Conn *c) const {
  const uint32_t wanted = EPOLLIN | (c->sent < c->out.size() ? EPOLLOUT : 0U);
  if (wanted == c->watched) {
    return;
  }
  epoll_event e{};
  e.events = c->watched = wanted;
  e.data.ptr = c;
  epoll_ctl(epfd_, EPOLL_CTL_MOD, c->fd, &e);
}

void Storm::Drain(Conn *c) {
  uint8_t buf[kReadSize];
  size_t n = 0;
  while ((n = rtmp_hs_drain(c->hs, buf, sizeof buf)) > 0) {
    c->out.insert(c->out.end(), buf, buf + n);
  }
}

void Storm::Finish(Conn *c, Phase phase) {
  if (c->phase == Phase::kSetup) {
    --setting_up_;
  } else if (c->phase == Phase::kHeld) {
    --held_;
  }
  c->phase = phase;
  if (phase == Phase::kServed) {
    ++served_;
    c->served_us = NowUs();
  } else if (phase == Phase::kFailed) {
    ++failed_;
  }
  if (phase == Phase::kHeld) {
    ++held_;
    return;
  }
  if (c->fd >= 0) {
    close(c->fd);  // also leaves the epoll set
    c->fd = -1;
  }
}

void Storm::Flush(Conn *c) {
  while (c->sent < c->out.size()) {
    const ssize_t n = send(c->fd, c->out.data() + c->sent,
                           c->out.size() - c->sent, MSG_NOSIGNAL);
    if (n > 0) {
      c->sent += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      break;
    } else {
      Fail(c, std::string("send: ") + std::strerror(errno));
      return;
    }
  }
  if (c->sent == c->out.size()) {
    c->out.clear();
    c->sent = 0;
  }
}

void Storm::Fail(Conn *c, const std::string &why) {
  if (first_error_.empty()) {
    first_error_ = why;
  }
  Finish(c, Phase::kFailed);
}

void Storm::OnClosed(Conn *c, ssize_t n) {
  if (c->phase == Phase::kConnectSent) {
    Finish(c, Phase::kServed);  // the server closed after connect: ours
  } else {
    Fail(c, n == 0 ? std::string("closed by the server before connect")
                   : std::string("recv: ") + std::strerror(errno));
  }
}

void Storm::FeedHandshake(Conn *c, const uint8_t *data, size_t len) {
  size_t consumed = 0;
  const int rc = rtmp_hs_feed(c->hs, data, len, &consumed);
  if (rc != RTMP_HS_OK) {
    Fail(c, rtmp_hs_status_name(rc));
    return;
  }
  Drain(c);
  if (rtmp_hs_state(c->hs) == RTMP_HS_DONE) {
    if (c->probe) {
      c->out.insert(c->out.end(), connect_.begin(), connect_.end());
      --setting_up_;
      c->phase = Phase::kConnectSent;
    } else {
      Finish(c, Phase::kHeld);
    }
  }
  Flush(c);
}

void Storm::Read(Conn *c) {
  uint8_t buf[kReadSize];
  while (c->fd >= 0) {
    const ssize_t n = recv(c->fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && errno == EAGAIN) {
      return;
    }
    if (n <= 0) {
      OnClosed(c, n);
    } else if (c->phase == Phase::kConnectSent) {
      Finish(c, Phase::kServed);  // an answer to connect: nginx-rtmp
    } else if (c->phase == Phase::kSetup) {
      FeedHandshake(c, buf, static_cast<size_t>(n));
    }
    // Else: bytes after the handshake before our connect, ignored.
  }
}

void Storm::OnEvent(Conn *c, uint32_t events) {
  if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
    Flush(c);
  }
  if (c->fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
    Read(c);
  }
  if (c->fd >= 0) {
    Watch(c);
  }
}

template <typename Done>
bool Storm::Loop(int64_t deadline_us, Done done) {
  epoll_event events[kMaxEvents];
  while (!done()) {
    const int64_t left_us = deadline_us - NowUs();
    if (left_us <= 0) {
      return false;
    }
    const int n = epoll_wait(epfd_, events, kMaxEvents,
                             static_cast<int>((left_us + 999) / 1000));
    for (int i = 0; i < n; ++i) {
      auto *c = static_cast<Conn *>(events[i].data.ptr);
      if (c->fd >= 0) {
        OnEvent(c, events[i].events);
      }
    }
  }
  return true;
}

void Storm::Hold(int64_t deadline_us) {
  int opened = 0;
  Loop(deadline_us, [&] {
    while (opened < o_.connections && setting_up_ < o_.window) {
      conns_.push_back(std::make_unique<Conn>());
      ++opened;
      if (!Open(conns_.back().get())) {
        Fail(conns_.back().get(),
             std::string("connect: ") + std::strerror(errno));
      }
    }
    return opened == o_.connections && setting_up_ == 0;
  });
}

void Storm::Probe(int64_t deadline_us, Result *r) {
  conns_.push_back(std::make_unique<Conn>());
  Conn *probe = conns_.back().get();
  probe->probe = true;
  if (!Open(probe)) {
    Fail(probe, std::string("connect: ") + std::strerror(errno));
    return;
  }
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (getsockname(probe->fd, reinterpret_cast<sockaddr *>(&address), &length) ==
      0) {
    r->probe_port = ntohs(address.sin_port);
  }
  Loop(deadline_us, [&] {
    return probe->phase == Phase::kServed || probe->phase == Phase::kFailed;
  });
  if (probe->phase == Phase::kServed) {
    r->probe_ms =
        static_cast<double>(probe->served_us - probe->started_us) / 1000.0;
  }
}

void Storm::Release(int64_t deadline_us) {
  const int expected = served_ + held_;
  for (auto &c : conns_) {
    if (c->phase != Phase::kHeld) {
      continue;
    }
    --held_;
    c->phase = Phase::kConnectSent;
    c->out.insert(c->out.end(), connect_.begin(), connect_.end());
    Flush(c.get());
    if (c->fd >= 0) {
      Watch(c.get());
    }
  }
  Loop(deadline_us, [&] { return served_ >= expected; });
}

double Storm::SettledCpuSeconds() const {
  if (o_.server_pid <= 0) {
    return -1;
  }
  // The server's CPU time stops moving once it closed everything.
  usleep(kSettleUs);
  double cpu = CpuSecondsOf(o_.server_pid);
  for (int i = 0; i < kSettleChecks; ++i) {
    usleep(kSettleCheckUs);
    const double now = CpuSecondsOf(o_.server_pid);
    if (now == cpu) {
      break;
    }
    cpu = now;
  }
  return cpu;
}

int Storm::Run() {
  const auto phase_us = static_cast<int64_t>(o_.deadline_s * 1e6);
  const double cpu_before =
      o_.server_pid > 0 ? CpuSecondsOf(o_.server_pid) : -1;
  Result r;
  const int64_t t0 = NowUs();
  // Hold: N handshakes, at most --window in setup at a time.
  Hold(t0 + phase_us);
  const int64_t t_held = NowUs();
  r.held = held_;
  // Probe: one new client while they are all open, once the server had a
  // moment to finish the last C2s (it times a server holding N, not one
  // still working through the storm's tail).
  usleep(kSettleBeforeProbeUs);
  Probe(NowUs() + phase_us, &r);
  r.held_at_probe = held_;
  // Release: every held client sends connect and waits for the answer.
  const int64_t t_release = NowUs();
  Release(t_release + phase_us);
  const int64_t t_done = NowUs();
  conns_.clear();  // our side closes: the server's teardown is in its CPU
  const double cpu_after = SettledCpuSeconds();

  const double cpu_s =
      cpu_before >= 0 && cpu_after >= 0 ? cpu_after - cpu_before : -1;
  std::printf(
      "{\"connections\": %d, \"held\": %d, \"held_at_probe\": %d, "
      "\"served\": %d, \"failed\": %d, \"probe_port\": %d, \"probe_ms\": %.3f, "
      "\"hold_s\": %.3f, \"release_s\": %.3f, \"server_cpu_s\": %.3f, "
      "\"server_cpu_us_per_handshake\": %.2f, \"error\": \"%s\"}\n",
      o_.connections, r.held, r.held_at_probe, served_, failed_, r.probe_port,
      r.probe_ms, static_cast<double>(t_held - t0) / 1e6,
      static_cast<double>(t_done - t_release) / 1e6, cpu_s,
      cpu_s >= 0 && served_ > 0 ? cpu_s * 1e6 / served_ : -1.0,
      first_error_.c_str());
  const bool all = r.held == o_.connections && r.probe_ms >= 0 &&
                   served_ == o_.connections + 1;
  return all ? 0 : 1;
}

bool ParseInt(const char *text, int low, int high, int *out) {
  char *end = nullptr;
  errno = 0;
  const int64_t v = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < low || v > high) {
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

int Usage(const char *why) {
  std::fprintf(stderr,
               "rtmp_hs_storm: %s\nusage: rtmp_hs_storm --port P "
               "[--connections N (1..%d, default 1000)] [--window W] "
               "[--server-pid PID] [--deadline S (per phase, default 30)]\n",
               why, kMaxConnections);
  return 2;
}

// Returns -1 when the options are fine, else the exit status.
int ParseOptions(int argc, char **argv, Options *o) {
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      return Usage(("missing value for " + flag).c_str());
    }
    const char *value = argv[i + 1];
    int seconds = 0;
    bool ok = false;
    if (flag == "--port") {
      ok = ParseInt(value, 1, 65535, &o->port);
    } else if (flag == "--connections") {
      ok = ParseInt(value, 1, kMaxConnections, &o->connections);
    } else if (flag == "--window") {
      ok = ParseInt(value, 1, kMaxConnections, &o->window);
    } else if (flag == "--server-pid") {
      ok = ParseInt(value, 1, 1 << 30, &o->server_pid);
    } else if (flag == "--deadline") {
      ok = ParseInt(value, 1, 120, &seconds);
      o->deadline_s = seconds;
    }
    if (!ok) {
      return Usage(("bad option " + flag + " " + value).c_str());
    }
  }
  return o->port == 0 ? Usage("--port is required") : -1;
}

// One descriptor per connection, plus a few: the soft limit up to the hard.
void RaiseDescriptorLimit(int connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < static_cast<rlim_t>(connections) + 16) {
    std::fprintf(
        stderr,
        "rtmp_hs_storm: the descriptor limit (%llu) is below "
        "--connections %d; some connections will fail\n",
        static_cast<unsigned long long>(
            limit.rlim_cur),  // NOLINT(google-runtime-int): printf's %llu
        connections);
  }
}

}  // namespace

int main(int argc, char **argv) {
  Options o;
  if (const int status = ParseOptions(argc, argv, &o); status >= 0) {
    return status;
  }
  RaiseDescriptorLimit(o.connections);
  Storm storm(o, rtmphs::cli::BuildConnectChunks("live"));
  return storm.Run();
}
