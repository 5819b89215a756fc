// `rtmp-handshake serve`: accept connections, run the server handshake on
// each (all in one epoll loop on one thread), and report every client.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <list>
#include <memory>
#include <vector>

#include "cli/report.h"
#include "cli/url.h"
#include "commands.h"
#include "net/epoll_set.h"
#include "net/fd_limit.h"
#include "net/hs_connection.h"
#include "net/sockets.h"
#include "tls/config.h"
#include "tls/session.h"

namespace rtmphs::cli {

const char kServeHelp[] = R"(Usage: rtmp-handshake serve [options]

Accept RTMP connections, run the server side of the handshake on each, read
the name of the first command the client sends after it (e.g. "connect"),
report the client and close the connection. Clients are served concurrently
in one epoll loop; a slow or silent client never holds up the others.

Options:
  --listen HOST:PORT  address to listen on (default 127.0.0.1:1935; port 0
                      picks a free port; IPv6 as [::1]:1935)
  --count N           exit (status 0) after N clients were reported
  --require-digest    refuse clients whose C1 carries no valid digest
                      (RTMP_HS_ERR_DIGEST); default: answer them with the
                      original handshake
  --verify            refuse clients whose C2 neither is signed nor echoes
                      our S1 (RTMP_HS_ERR_SIGNATURE); default: report it
  --encrypt MASK      accept RTMPE clients of these types: a list such as
                      6,8,9 (or "all"), or a bit mask in hex (0x340 =
                      (1<<6)|(1<<8)|(1<<9)). S0 answers with the client's
                      C0; another encrypted C0 fails with
                      RTMP_HS_ERR_UNSUPPORTED. Plain clients are always
                      served; the stream after an encrypted handshake is
                      decrypted to name the first command
  --tls CERT.pem KEY.pem
                      RTMPS: every client speaks TLS (1.2) first, with this
                      certificate (chain) and unencrypted private key. A TLS
                      failure (no ClientHello, a bad record, a timeout) is
                      reported for that client like a handshake failure
  --timeout S         drop a client that has not finished after S seconds
                      (default 10); before the handshake completed it is
                      reported with error "timeout". The kernel hands a
                      connection over once its first bytes arrived
                      (TCP_DEFER_ACCEPT), so for a client that connects and
                      says nothing the S seconds start about 1 s later
  --json              one JSON object per client, one per line
  -h, --help          show this help

The server answers with the library's defaults: version field 0x04050001,
and a digest in the scheme the client's C1 used (the original handshake for
a client without one).

Once bound, "listening on HOST:PORT" (the actual port) is printed on stderr.
Each open client takes a file descriptor: the soft descriptor limit is raised
to the hard one, and a warning follows that line when it still holds fewer
clients than --count (or than 10,000 without it).

Per client: peer address, ok (the handshake completed), error, C0, version
(C1 bytes 4..7), mode (digest if C1 carried a valid digest and we answered
with one, encrypted under RTMPE), scheme (where C1's digest was found),
whether C2 verified, the RTMPE type agreed (encryption, 0 for none), and
next: the AMF0 command name of the first RTMP message (type 20, read from
its first chunk), or null when the client closed or timed out before it, or
the first message is not an AMF0 command. A timeout after a completed
handshake leaves ok true and next null.
With --tls, also the TLS version and cipher suite agreed.
JSON keys: peer, ok, error, c0, version, mode, scheme, c2_verified,
encryption, next, tls (null without --tls, else {"version", "cipher"}).
error is null, an RTMP_HS_ERR_* name (RTMP_HS_ERR_HTTP: the client speaks
HTTP, RTMP_HS_ERR_TLS: TLS, so serve it with --tls), "timeout", "connection
closed by peer during handshake", or with --tls a TLS failure ("timeout: no
ClientHello ...", "no ClientHello: the client speaks plain RTMP ...", "TLS
handshake failed: ...").

Exit status: 0 after --count clients, 1 if the address cannot be used, 2 on
a usage error.
)";

namespace {

constexpr char kCommand[] = "serve";
// Descriptors besides the clients': standard streams, the listening socket,
// epoll, and room for the TLS configuration's files.
constexpr uint64_t kReservedFds = 64;
// What a server without --count should be able to hold (issue 9's storm).
constexpr uint64_t kTypicalLoad = 10000;
constexpr int kMaxEventsPerWait = 256;
constexpr int64_t kAcceptRetryUs = int64_t{100} * 1000;

struct ServeOptions {
  HostPort listen{"127.0.0.1", 1935};
  uint32_t count = 0;  // 0 = forever
  uint32_t flags = 0;
  double timeout_s = 10;
  bool json = false;
  int encryption = 0;    // mask of accepted RTMPE types
  std::string tls_cert;  // --tls CERT.pem KEY.pem
  std::string tls_key;
};

// "6,8,9", "all", or "0x340": the mask of RTMPE types a server accepts.
bool ParseEncryptionMask(const std::string &text, int *mask) {
  constexpr int kAll = (1 << 6) | (1 << 8) | (1 << 9);
  if (text == "all") {
    *mask = kAll;
    return true;
  }
  if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0) {
    uint32_t bits = 0;
    if (!ParseUint32(text, &bits) || bits == 0 ||
        (bits & ~static_cast<uint32_t>(kAll)) != 0) {
      return false;
    }
    *mask = static_cast<int>(bits);
    return true;
  }
  int result = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    const std::string item = text.substr(pos, comma - pos);
    if (item != "6" && item != "8" && item != "9") {
      return false;
    }
    result |= 1 << (item[0] - '0');
    pos = comma + 1;
  }
  *mask = result;
  return true;
}

// Reads one option that takes a value, if the next argument is one.
// Returns false when it is not; sets *error when the value is bad.
bool ParseValueOption(ArgReader &args, ServeOptions *o, std::string *error) {
  std::string value;
  if (args.Value("--listen", &value)) {
    std::string why;
    if (!ParseHostPort(value, &o->listen, &why)) {
      *error = "--listen ";
      error->append(value).append(": ").append(why);
    }
  } else if (args.Value("--count", &value)) {
    if (!ParseCount(value, &o->count)) {
      *error = "--count needs a positive number";
    }
  } else if (args.Value("--timeout", &value)) {
    if (!ParseSeconds(value, &o->timeout_s)) {
      *error = "--timeout needs seconds, > 0 and <= 86400";
    }
  } else if (args.Value("--encrypt", &value)) {
    if (!ParseEncryptionMask(value, &o->encryption)) {
      *error = "--encrypt needs RTMPE types: 6,8,9, all, or a hex mask (0x340)";
    }
  } else if (args.Value("--tls", &o->tls_cert)) {
    if (o->tls_cert.empty() || args.AtEnd() || args.PeekIsOption()) {
      *error = "--tls needs two files: CERT.pem KEY.pem";
    } else {
      o->tls_key = std::string(args.Next());
    }
  } else {
    return false;
  }
  return true;
}

// Returns -1 when the options are fine, else the exit status to return.
int ParseOptions(ArgReader &args, ServeOptions *o) {
  std::string error;
  while (!args.AtEnd() && error.empty()) {
    if (args.Flag("--help") || args.Flag("-h")) {
      Emit(stdout, kServeHelp);
      return kExitOk;
    }
    if (args.Flag("--json")) {
      o->json = true;
    } else if (args.Flag("--require-digest")) {
      o->flags |= RTMP_HS_REQUIRE_DIGEST;
    } else if (args.Flag("--verify")) {
      o->flags |= RTMP_HS_VERIFY_P2;
    } else if (ParseValueOption(args, o, &error)) {
      continue;
    } else if (!args.error().empty()) {
      error = args.error();
    } else {
      error =
          (args.PeekIsOption() ? "unknown option '" : "unexpected argument '") +
          std::string(args.Peek()) + "'";
    }
  }
  if (error.empty()) {
    error = args.error();
  }
  if (!error.empty()) {
    return UsageError(kCommand, error);
  }
  return -1;
}

struct Client {
  std::unique_ptr<HandshakeConnection> conn;
  std::string peer;
  int64_t deadline_us = 0;
  int16_t registered_events = 0;     // what epoll watches for it
  std::list<Client>::iterator self;  // its own node, for epoll's callbacks
};

// Every client has the same timeout and joins at the back, so the list is
// ordered by deadline: the overdue ones are at its front, and a client leaves
// from anywhere in O(1) through the iterator epoll hands back.
using ClientList = std::list<Client>;

class Server {
 public:
  // tls: every client speaks TLS first (nullptr: plain TCP).
  Server(int listen_fd, const ServeOptions &options, const TlsConfig *tls)
      : listen_fd_(listen_fd), options_(options), tls_(tls) {}
  ~Server() { close(listen_fd_); }
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  // Serves until --count clients were reported (forever without it);
  // returns the exit status.
  int Run();

 private:
  // Milliseconds epoll may sleep: until the oldest client's deadline, or
  // the end of an accept pause; -1 when nothing is due.
  int WaitTimeoutMs() const;
  void OnClientEvent(ClientList::iterator it, int16_t revents);
  // Reports a finished client (unless --count was reached) and closes it;
  // false if it has not finished.
  bool RetireIfFinished(ClientList::iterator it);
  void ExpireOverdue();
  void AcceptNew();
  bool AcceptOne(int fd, std::string peer);
  void PauseAccepting(int64_t until_us);
  void ResumeAccepting();
  bool Done() const {
    return options_.count != 0 && reported_ >= options_.count;
  }

  int listen_fd_;
  const ServeOptions &options_;
  const TlsConfig *tls_;
  EpollSet epoll_;
  ClientList clients_;
  std::vector<EpollSet::Ready> ready_;
  // Out of file descriptors: accepting waits until a client goes away or
  // this time passes (the backlog keeps the waiting connections).
  int64_t accept_paused_until_us_ = 0;
  uint32_t reported_ = 0;
};

int Server::Run() {
  // The listening socket's owner is nullptr; clients' are their list nodes.
  if (!epoll_.valid() || !epoll_.Add(listen_fd_, POLLIN, nullptr)) {
    return CommandError(kCommand, "epoll: " + NetErrorText(errno), kExitFailed);
  }
  while (!Done()) {
    static_cast<void>(std::fflush(stdout));  // every report out before a wait
    const int n = epoll_.Wait(WaitTimeoutMs(), kMaxEventsPerWait, &ready_);
    if (n < 0 && errno != EINTR) {
      return CommandError(kCommand, "epoll_wait: " + NetErrorText(errno),
                          kExitFailed);
    }
    bool incoming = false;
    for (const EpollSet::Ready &r : ready_) {
      if (r.owner == nullptr) {
        incoming = true;
      } else {
        // The node stays valid: only its own event can retire a client
        // here, and every client appears at most once per wait.
        OnClientEvent(static_cast<Client *>(r.owner)->self, r.revents);
      }
    }
    ExpireOverdue();
    if (accept_paused_until_us_ != 0 && NowUs() >= accept_paused_until_us_) {
      ResumeAccepting();
    }
    // New clients join after the finished ones were reported and removed.
    if (incoming && !Done()) {
      AcceptNew();
    }
  }
  static_cast<void>(std::fflush(stdout));
  return kExitOk;
}

int Server::WaitTimeoutMs() const {
  int64_t next = -1;
  if (!clients_.empty()) {
    next = clients_.front().deadline_us;
  }
  if (accept_paused_until_us_ != 0 &&
      (next < 0 || accept_paused_until_us_ < next)) {
    next = accept_paused_until_us_;
  }
  return next < 0 ? -1 : PollTimeoutMs(next);
}

void Server::OnClientEvent(ClientList::iterator it, int16_t revents) {
  it->conn->OnPoll(revents);
  if (RetireIfFinished(it)) {
    return;
  }
  const int16_t events = it->conn->PollEvents();
  if (events != it->registered_events &&
      epoll_.Modify(it->conn->fd(), events, &*it)) {
    it->registered_events = events;
  }
}

bool Server::RetireIfFinished(ClientList::iterator it) {
  if (!it->conn->finished()) {
    return false;
  }
  if (!Done()) {
    ServeReport report = ServeReportOf(*it->conn);
    report.peer = it->peer;
    // Buffered, not flushed: Run() flushes before it waits, so a storm of
    // clients costs one write(2) per wake-up rather than one per client.
    const std::string line =
        (options_.json ? ServeJson(report) : ServeText(report)) + "\n";
    static_cast<void>(std::fputs(line.c_str(), stdout));
    ++reported_;
  }
  // Closing the socket takes it out of the epoll set.
  clients_.erase(it);
  if (accept_paused_until_us_ != 0) {
    ResumeAccepting();
  }
  return true;
}

void Server::ExpireOverdue() {
  const int64_t now = NowUs();
  while (!clients_.empty() && clients_.front().deadline_us <= now) {
    clients_.front().conn->OnTimeout();
    RetireIfFinished(clients_.begin());
  }
}

void Server::PauseAccepting(int64_t until_us) {
  if (accept_paused_until_us_ == 0) {
    epoll_.Modify(listen_fd_, 0, nullptr);
  }
  accept_paused_until_us_ = until_us;
}

void Server::ResumeAccepting() {
  accept_paused_until_us_ = 0;
  epoll_.Modify(listen_fd_, POLLIN, nullptr);
}

void Server::AcceptNew() {
  // Until the backlog is empty: level-triggered epoll would report it again
  // anyway, but one wake-up per burst is cheaper.
  while (accept_paused_until_us_ == 0) {
    SocketAddress peer;
    peer.length = sizeof peer.storage;
    const int fd =
        accept4(listen_fd_, reinterpret_cast<sockaddr *>(&peer.storage),
                &peer.length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0 && (errno == EINTR || errno == ECONNABORTED)) {
      continue;
    }
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        PauseAccepting(NowUs() + kAcceptRetryUs);
      }
      return;
    }
    if (!AcceptOne(fd, FormatAddress(peer))) {
      PauseAccepting(NowUs() + kAcceptRetryUs);
      return;
    }
  }
}

// Returns false when the client could not be set up for want of memory or
// descriptors (the connection is closed: the client sees a close).
bool Server::AcceptOne(int fd, std::string peer) {
  rtmp_hs *hs = rtmp_hs_new(RTMP_HS_SERVER);
  if (hs == nullptr || rtmp_hs_set_flags(hs, options_.flags) != RTMP_HS_OK ||
      rtmp_hs_set_encryption(hs, options_.encryption) != RTMP_HS_OK) {
    rtmp_hs_free(hs);
    close(fd);
    return false;
  }
  HandshakeConnection::Options conn_options;
  conn_options.read_first_command = true;
  Client client;
  client.peer = std::move(peer);
  client.conn =
      std::make_unique<HandshakeConnection>(fd, hs, std::move(conn_options));
  if (tls_ != nullptr) {
    std::string error;
    std::unique_ptr<TlsSession> session =
        TlsSession::Create(fd, *tls_, {}, &error);
    if (!session) {
      return false;
    }
    client.conn->UseTransport(std::move(session));
  }
  client.deadline_us = NowUs() + static_cast<int64_t>(options_.timeout_s * 1e6);
  client.conn->Start();
  if (tls_ == nullptr) {
    // On a busy server C0+C1 has usually arrived with the connection: read
    // it now rather than after another round of epoll_wait.
    client.conn->OnPoll(POLLIN);
  }
  clients_.push_back(std::move(client));
  const auto it = std::prev(clients_.end());
  it->self = it;
  // A client can finish while it is accepted (TLS reads at once): it is
  // reported at once.
  if (RetireIfFinished(it)) {
    return true;
  }
  it->registered_events = it->conn->PollEvents();
  if (!epoll_.Add(fd, it->registered_events, &*it)) {
    it->conn->Abort("epoll: " + NetErrorText(errno));
    RetireIfFinished(it);
  }
  return true;
}

// Raises the descriptor limit as far as allowed and says so when it holds
// fewer clients than --count (or, without it, than a storm of 10,000).
void WarnIfFewDescriptors(uint32_t count) {
  const uint64_t wanted = (count != 0 ? count : kTypicalLoad) + kReservedFds;
  const uint64_t limit = RaiseDescriptorLimit(UINT64_MAX);
  if (limit >= wanted) {
    return;
  }
  const uint64_t room = limit > kReservedFds ? limit - kReservedFds : 0;
  Emit(stderr, std::string(kCommand) + ": the descriptor limit (" +
                   std::to_string(limit) + ", RLIMIT_NOFILE) holds about " +
                   std::to_string(room) + " concurrent clients, fewer than " +
                   (count != 0 ? "--count " + std::to_string(count)
                               : std::to_string(kTypicalLoad)) +
                   "; more wait in the backlog (raise it: ulimit -n)\n");
}

}  // namespace

int RunServe(ArgReader &args) {
  ServeOptions o;
  if (const int status = ParseOptions(args, &o); status >= 0) {
    return status;
  }

  std::string error;
  std::unique_ptr<TlsConfig> tls;
  if (!o.tls_cert.empty()) {
    std::string cert_pem;
    std::string key_pem;
    if (!ReadTextFile(o.tls_cert, &cert_pem, &error) ||
        !ReadTextFile(o.tls_key, &key_pem, &error) ||
        !(tls = TlsConfig::Server(cert_pem, key_pem, &error))) {
      return CommandError(kCommand, "--tls: " + error, kExitFailed);
    }
  }
  const int fd = ListenTcp(o.listen.host, o.listen.port, &error);
  if (fd < 0) {
    return CommandError(kCommand, error, kExitFailed);
  }
  DeferAcceptUntilData(fd);  // RTMP and TLS clients both speak first
  Emit(stderr, "listening on " + LocalAddressOf(fd) + "\n");
  WarnIfFewDescriptors(o.count);

  Server server(fd, o, tls.get());
  return server.Run();
}

}  // namespace rtmphs::cli
