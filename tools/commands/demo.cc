// `rtmp-handshake demo`: a server and clients in every mode over loopback
// TCP, all driven by one poll loop in this process, and a table of what each
// side saw.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "cli/report.h"
#include "commands.h"
#include "net/hs_connection.h"
#include "net/sockets.h"
#include "rtmp/connect_chunk.h"
#include "tls/config.h"
#include "tls/self_signed.h"
#include "tls/session.h"

namespace rtmphs::cli {

const char kDemoHelp[] = R"(Usage: rtmp-handshake demo

Start a server on 127.0.0.1 (a free port) inside this process and connect
one client per mode to it over loopback TCP: digest handshake in scheme 0
and in scheme 1, the original handshake (client version 0), a digest client
against an original server (server version 0), a strict client
(RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2), and the same strict client
against an original server, which must refuse it (RTMP_HS_ERR_DIGEST),
the encrypted handshake (RTMPE) in types 6, 8 (XTEA-signed P2) and 9
(Blowfish-signed P2), and RTMPS: the digest handshake inside TLS 1.2, with
a certificate for localhost the demo makes for itself at start (in memory)
and the client trusts and verifies.
Each client sends a minimal `connect` command after the handshake (RC4-
encrypted under RTMPE); the server reads (decrypts) its name. One poll loop
drives every socket; no threads.

Prints what each client learned from the server (S0, version, mode, scheme
of S1's digest, whether S2 verified) and what the server learned from each
client (C0, version, mode, scheme of C1's digest, whether C2 verified, the
first command), then checks every row against what the library promises.

Exit status: 0 when every row came out as expected, 1 otherwise.
)";

namespace {

constexpr int kAny = -2;  // an expectation that is not checked
// The name in the RTMPS row's certificate, and the one its client asks for.
constexpr char kTlsName[] = "localhost";

// What one side must have seen.
struct Expect {
  const char *error;  // nullptr: the handshake must complete
  int mode;           // RTMP_HS_MODE_*, -1 unknown, or kAny
  int scheme;         // where the peer's digest was found, -1 none
  bool verified;      // the peer's P2
};

struct DemoCase {
  const char *name;
  uint32_t client_version;
  int client_scheme;
  uint32_t client_flags;
  uint32_t server_version;
  Expect client;
  Expect server;
  const char *next;    // the command the server must read, nullptr: none
  int encryption = 0;  // RTMPE: the client's type; the server accepts all
  bool tls = false;    // RTMPS: both sides speak TLS first
};

constexpr uint32_t kClientVersion = 0x80000702;  // the library defaults
constexpr uint32_t kServerVersion = 0x04050001;
constexpr uint32_t kStrict = RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2;
constexpr int kSimple = RTMP_HS_MODE_SIMPLE;
constexpr int kDigest = RTMP_HS_MODE_DIGEST;
constexpr int kEncrypted = RTMP_HS_MODE_ENCRYPTED;
constexpr int kAllTypes = (1 << 6) | (1 << 8) | (1 << 9);
constexpr int kAutoScheme = RTMP_HS_SCHEME_AUTO;

// clang-format off
const DemoCase kCases[] = {
    // name, client version/scheme/flags, server version,
    //   client expects, server expects, next
    {"digest, scheme 0", kClientVersion, 0, 0, kServerVersion,
     {nullptr, kDigest, 0, true}, {nullptr, kDigest, 0, true}, "connect"},
    {"digest, scheme 1", kClientVersion, 1, 0, kServerVersion,
     {nullptr, kDigest, 1, true}, {nullptr, kDigest, 1, true}, "connect"},
    {"original (client v0)", 0, kAutoScheme, 0, kServerVersion,
     {nullptr, kSimple, -1, true}, {nullptr, kSimple, -1, true}, "connect"},
    {"digest vs original srv", kClientVersion, 0, 0, 0,
     {nullptr, kSimple, -1, true}, {nullptr, kSimple, 0, true}, "connect"},
    {"strict client", kClientVersion, 0, kStrict, kServerVersion,
     {nullptr, kDigest, 0, true}, {nullptr, kDigest, 0, true}, "connect"},
    // The strict client refuses an S1 without a digest and hangs up.
    {"strict vs original srv", kClientVersion, 0, kStrict, 0,
     {"RTMP_HS_ERR_DIGEST", kAny, -1, false},
     {kErrorClosedDuringHandshake, kSimple, 0, false}, nullptr},
    {"RTMPE type 6", kClientVersion, 0, 0, kServerVersion,
     {nullptr, kEncrypted, 0, true}, {nullptr, kEncrypted, 0, true}, "connect",
     6},
    {"RTMPE type 8 (XTEA)", kClientVersion, 1, 0, kServerVersion,
     {nullptr, kEncrypted, 1, true}, {nullptr, kEncrypted, 1, true}, "connect",
     8},
    {"RTMPE type 9 (Blowfish)", kClientVersion, 0, 0, kServerVersion,
     {nullptr, kEncrypted, 0, true}, {nullptr, kEncrypted, 0, true}, "connect",
     9},
    {"RTMPS: digest over TLS", kClientVersion, 0, 0, kServerVersion,
     {nullptr, kDigest, 0, true}, {nullptr, kDigest, 0, true}, "connect",
     0, true},
};
// clang-format on
constexpr size_t kCaseCount = std::size(kCases);

// One side's outcome, as either report gives it.
struct Seen {
  bool ok = false;
  std::string error;
  int mode = -1;
  int scheme = -1;
  bool verified = false;
  int encryption = 0;
};

// One row: a client connection, the server connection it was accepted as,
// and what each reported once finished.
struct Row {
  const DemoCase *c = nullptr;
  uint16_t client_port = 0;  // matches the accepted socket to its row
  std::unique_ptr<HandshakeConnection> client;
  std::unique_ptr<HandshakeConnection> server;
  std::optional<ProbeReport> client_report;
  std::optional<ServeReport> server_report;
};

std::string Cell(int value) { return value < 0 ? "-" : std::to_string(value); }

std::string Cell(const std::optional<int> &value) {
  return value.has_value() ? std::to_string(*value) : "-";
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

std::string Version(uint32_t v) {
  return VersionHex(v) + " (" + VersionDotted(v) + ")";
}

std::string Mode(int mode) { return mode < 0 ? "-" : ModeName(mode); }

std::string Result(bool ok, const std::string &error) {
  return ok ? "ok" : error;
}

// "ok", or the error, marked when the row expects it.
std::string Outcome(const Seen &seen, const Expect &e) {
  const bool expected = e.error != nullptr && seen.error == e.error;
  return Result(seen.ok, seen.error) + (expected ? " (as expected)" : "");
}

// One table row: the cells padded to the column widths, the last one (the
// result, which can be a long error text) unpadded.
void PrintRow(const std::vector<std::string> &cells) {
  static constexpr size_t kWidths[] = {23, 3, 24, 9, 7, 9, 4, 8};
  std::string line = " ";
  for (size_t i = 0; i < cells.size(); ++i) {
    line.append(" ").append(cells[i]);
    if (i + 1 < cells.size() && i < std::size(kWidths) &&
        cells[i].size() < kWidths[i]) {
      line.append(kWidths[i] - cells[i].size(), ' ');
    }
  }
  Emit(stdout, line + "\n");
}

Seen SeenBy(const std::optional<ProbeReport> &r) {
  if (!r.has_value()) {
    return {false, "did not finish", -1, -1, false, 0};
  }
  return {r->ok, r->error, r->mode, r->scheme, r->s2_verified, r->encryption};
}

Seen SeenBy(const std::optional<ServeReport> &r) {
  if (!r.has_value()) {
    return {false, "did not finish", -1, -1, false, 0};
  }
  return {r->ok, r->error, r->mode, r->scheme, r->c2_verified, r->encryption};
}

// The differences between what a side saw and what was expected, each as
// "; SIDE what, expected what".
std::string Mismatches(const char *side, const Seen &seen, const Expect &e,
                       int encryption) {
  std::string out;
  const auto add = [&](const std::string &got, const std::string &want) {
    out.append("; ").append(side).append(" ").append(got);
    out.append(", expected ").append(want);
  };
  const std::string want_error = e.error != nullptr ? e.error : "";
  if (Result(seen.ok, seen.error) != Result(e.error == nullptr, want_error)) {
    add(Result(seen.ok, seen.error), Result(e.error == nullptr, want_error));
  }
  if (e.mode != kAny && seen.mode != e.mode) {
    add("mode " + Mode(seen.mode), Mode(e.mode));
  }
  if (seen.scheme != e.scheme) {
    add("scheme " + Cell(seen.scheme), Cell(e.scheme));
  }
  if (seen.verified != e.verified) {
    add("verified " + YesNo(seen.verified), YesNo(e.verified));
  }
  if (e.error == nullptr && seen.encryption != encryption) {
    add("encryption " + std::to_string(seen.encryption),
        std::to_string(encryption));
  }
  return out;
}

std::string RowMismatches(const Row &row) {
  std::string out = Mismatches("client", SeenBy(row.client_report),
                               row.c->client, row.c->encryption) +
                    Mismatches("server", SeenBy(row.server_report),
                               row.c->server, row.c->encryption);
  const std::string next = row.server_report.has_value()
                               ? row.server_report->next.value_or("-")
                               : "-";
  const std::string want_next = row.c->next != nullptr ? row.c->next : "-";
  if (next != want_next) {
    out.append("; server next ").append(next);
    out.append(", expected ").append(want_next);
  }
  // Over TLS both sides agreed on a session and the client verified the
  // certificate; over TCP neither saw TLS.
  const std::optional<TlsInfo> client_tls =
      row.client_report ? row.client_report->tls : std::nullopt;
  const std::optional<TlsInfo> server_tls =
      row.server_report ? row.server_report->tls : std::nullopt;
  const bool client_ok = row.c->tls ? client_tls.has_value() &&
                                          client_tls->verified.value_or(false)
                                    : !client_tls.has_value();
  if (!client_ok || row.c->tls != server_tls.has_value()) {
    out.append("; TLS client ").append(TlsText(client_tls));
    out.append(", server ").append(TlsText(server_tls));
    out.append(row.c->tls ? ", expected a verified TLS session"
                          : ", expected none");
  }
  return out.empty() ? out : out.substr(2);
}

class Demo {
 public:
  Demo() = default;
  ~Demo();
  Demo(const Demo &) = delete;
  Demo &operator=(const Demo &) = delete;

  // Runs every row and prints the tables; returns the exit status.
  int Run();

 private:
  bool Listen();
  bool ConnectClients(int64_t deadline_us);
  // Polls every socket once (until something happens or the deadline) and
  // handles what happened; false on a poll failure.
  bool PollOnce(int64_t deadline_us);
  void Accept();
  void Collect();
  bool AllReported() const;
  void PrintClientTable() const;
  void PrintServerTable() const;
  int PrintVerdict() const;

  // The RTMPS row's TLS: a server with the demo's own certificate and a
  // client that trusts exactly that certificate.
  bool MakeTls();
  // RTMPS rows speak TLS on fd first; false if the session cannot be made.
  bool UseTls(const Row &row, HandshakeConnection &conn, bool client);
  void PrintTls() const;

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::unique_ptr<TlsConfig> tls_server_;
  std::unique_ptr<TlsConfig> tls_client_;
  Row rows_[kCaseCount];
  std::vector<pollfd> fds_;
  std::vector<HandshakeConnection *> owners_;  // of fds_[i], i >= 1
};

Demo::~Demo() {
  if (listen_fd_ >= 0) {
    close(listen_fd_);
  }
}

int Demo::Run() {
  const int64_t deadline_us = NowUs() + int64_t{10} * 1000000;
  if (!MakeTls() || !Listen() || !ConnectClients(deadline_us)) {
    return kExitFailed;
  }
  while (!AllReported() && NowUs() < deadline_us && PollOnce(deadline_us)) {
  }
  for (Row &row : rows_) {  // whatever is left ran out of time
    for (auto *conn : {row.client.get(), row.server.get()}) {
      if (conn != nullptr) {
        conn->OnTimeout();
      }
    }
  }
  Collect();

  Emit(stdout,
       std::string("rtmp-handshake demo (library ") + rtmp_hs_version_string() +
           "): server on 127.0.0.1:" + std::to_string(port_) + ", " +
           std::to_string(kCaseCount) + " clients over loopback TCP\n\n");
  PrintClientTable();
  PrintServerTable();
  PrintTls();
  return PrintVerdict();
}

bool Demo::MakeTls() {
  std::string cert_pem;
  std::string key_pem;
  std::string error;
  if (!MakeSelfSignedCertificate(kTlsName, &cert_pem, &key_pem, &error) ||
      !(tls_server_ = TlsConfig::Server(cert_pem, key_pem, &error)) ||
      !(tls_client_ = TlsConfig::Client(cert_pem, &error))) {
    CommandError("demo", error, kExitFailed);
    return false;
  }
  return true;
}

bool Demo::UseTls(const Row &row, HandshakeConnection &conn, bool client) {
  if (!row.c->tls) {
    return true;
  }
  TlsSession::Options options;
  options.server_name = client ? kTlsName : "";
  std::string error;
  std::unique_ptr<TlsSession> session = TlsSession::Create(
      conn.fd(), client ? *tls_client_ : *tls_server_, options, &error);
  if (!session) {
    CommandError("demo", error, kExitFailed);
    return false;
  }
  conn.UseTransport(std::move(session));
  return true;
}

bool Demo::Listen() {
  std::string error;
  listen_fd_ = ListenTcp("127.0.0.1", 0, &error);
  if (listen_fd_ < 0) {
    CommandError("demo", error, kExitFailed);
    return false;
  }
  SocketAddress bound;
  bound.length = sizeof bound.storage;
  if (getsockname(listen_fd_, reinterpret_cast<sockaddr *>(&bound.storage),
                  &bound.length) != 0) {
    CommandError("demo", "getsockname: " + NetErrorText(errno), kExitFailed);
    return false;
  }
  port_ = PortOf(bound);
  return true;
}

bool Demo::ConnectClients(int64_t deadline_us) {
  std::vector<SocketAddress> server;
  std::string error;
  if (!ResolveTcp("127.0.0.1", port_, false, &server, &error)) {
    CommandError("demo", error, kExitFailed);
    return false;
  }
  for (size_t i = 0; i < kCaseCount; ++i) {
    const DemoCase &c = kCases[i];
    rtmp_hs *hs = rtmp_hs_new(RTMP_HS_CLIENT);
    int rc = hs == nullptr ? RTMP_HS_ERR_NOMEM : RTMP_HS_OK;
    rc = rc != RTMP_HS_OK ? rc : rtmp_hs_set_version(hs, c.client_version);
    rc = rc != RTMP_HS_OK ? rc : rtmp_hs_set_scheme(hs, c.client_scheme);
    rc = rc != RTMP_HS_OK ? rc : rtmp_hs_set_flags(hs, c.client_flags);
    rc = rc != RTMP_HS_OK ? rc : rtmp_hs_set_encryption(hs, c.encryption);
    const int fd = rc == RTMP_HS_OK
                       ? ConnectTcp(server, deadline_us, &error, nullptr)
                       : -1;
    if (fd < 0) {
      rtmp_hs_free(hs);
      CommandError("demo", rc == RTMP_HS_OK ? error : rtmp_hs_status_name(rc),
                   kExitFailed);
      return false;
    }
    SocketAddress local;
    local.length = sizeof local.storage;
    getsockname(fd, reinterpret_cast<sockaddr *>(&local.storage),
                &local.length);
    Row &row = rows_[i];
    row.c = &c;
    row.client_port = PortOf(local);
    HandshakeConnection::Options options;
    options.after_handshake = BuildConnectChunks("demo");
    row.client = std::make_unique<HandshakeConnection>(fd, hs, options);
    if (!UseTls(row, *row.client, true)) {
      return false;
    }
    row.client->Start();
  }
  return true;
}

bool Demo::PollOnce(int64_t deadline_us) {
  fds_.assign(1, pollfd{listen_fd_, POLLIN, 0});
  owners_.assign(1, nullptr);
  for (Row &row : rows_) {
    for (auto *conn : {row.client.get(), row.server.get()}) {
      if (conn != nullptr) {
        fds_.push_back(pollfd{conn->fd(), conn->PollEvents(), 0});
        owners_.push_back(conn);
      }
    }
  }
  const int n = poll(fds_.data(), fds_.size(), PollTimeoutMs(deadline_us));
  if (n < 0) {
    return errno == EINTR;
  }
  for (size_t i = 1; i < fds_.size(); ++i) {
    if (fds_[i].revents != 0) {
      owners_[i]->OnPoll(fds_[i].revents);
    }
  }
  if ((fds_[0].revents & POLLIN) != 0) {
    Accept();
  }
  Collect();
  return true;
}

void Demo::Accept() {
  for (;;) {
    SocketAddress peer;
    peer.length = sizeof peer.storage;
    const int fd =
        accept4(listen_fd_, reinterpret_cast<sockaddr *>(&peer.storage),
                &peer.length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      return;
    }
    const uint16_t port = PortOf(peer);
    Row *const found =
        std::find_if(std::begin(rows_), std::end(rows_), [port](const Row &r) {
          return r.client_port == port && !r.server && !r.server_report;
        });
    Row *row = found == std::end(rows_) ? nullptr : found;
    rtmp_hs *hs = row != nullptr ? rtmp_hs_new(RTMP_HS_SERVER) : nullptr;
    if (hs == nullptr ||
        rtmp_hs_set_version(hs, row->c->server_version) != RTMP_HS_OK ||
        rtmp_hs_set_encryption(hs, kAllTypes) != RTMP_HS_OK) {
      rtmp_hs_free(hs);  // a stranger on our port, or no memory
      close(fd);
      continue;
    }
    HandshakeConnection::Options options;
    options.read_first_command = true;
    row->server = std::make_unique<HandshakeConnection>(fd, hs, options);
    if (!UseTls(*row, *row->server, false)) {
      row->server.reset();  // its client times out and the row says so
      continue;
    }
    row->server->Start();
  }
}

// Takes the report of every finished connection and closes it, so that its
// peer sees the close.
void Demo::Collect() {
  for (Row &row : rows_) {
    if (row.client && row.client->finished()) {
      row.client_report = ProbeReportOf(*row.client);
      row.client.reset();
    }
    if (row.server && row.server->finished()) {
      row.server_report = ServeReportOf(*row.server);
      row.server.reset();
    }
  }
}

bool Demo::AllReported() const {
  return std::all_of(std::begin(rows_), std::end(rows_), [](const Row &row) {
    return row.client_report.has_value() && row.server_report.has_value();
  });
}

void Demo::PrintClientTable() const {
  Emit(stdout, "Client side: what each client learned from S0/S1/S2\n");
  PrintRow({"case", "S0", "server version", "mode", "scheme", "S2 valid", "enc",
            "result"});
  for (const Row &row : rows_) {
    const ProbeReport r = row.client_report.value_or(ProbeReport{});
    PrintRow({row.c->name, Cell(r.s0), Version(r.version), Mode(r.mode),
              Cell(r.scheme), YesNo(r.s2_verified), Cell(r.encryption),
              Outcome(SeenBy(row.client_report), row.c->client)});
  }
}

void Demo::PrintServerTable() const {
  Emit(stdout,
       "\nServer side: what the server learned from C0/C1/C2 and the first "
       "chunk\n");
  PrintRow({"case", "C0", "client version", "mode", "scheme", "C2 valid", "enc",
            "next", "result"});
  for (const Row &row : rows_) {
    const ServeReport r = row.server_report.value_or(ServeReport{});
    PrintRow({row.c->name, Cell(r.c0), Version(r.version), Mode(r.mode),
              Cell(r.scheme), YesNo(r.c2_verified), Cell(r.encryption),
              r.next.value_or("-"),
              Outcome(SeenBy(row.server_report), row.c->server)});
  }
}

void Demo::PrintTls() const {
  std::string text;
  for (const Row &row : rows_) {
    if (row.c->tls) {
      const ProbeReport r = row.client_report.value_or(ProbeReport{});
      text.append("\n").append(row.c->name).append(": ");
      text.append(TlsText(r.tls)).append(" (a self-signed certificate for ");
      text.append(kTlsName).append(", made in memory at start)\n");
    }
  }
  Emit(stdout, text);
}

int Demo::PrintVerdict() const {
  std::string text = "\n";
  size_t as_expected = 0;
  for (const Row &row : rows_) {
    const std::string wrong = RowMismatches(row);
    if (wrong.empty()) {
      ++as_expected;
    } else {
      text.append("UNEXPECTED ").append(row.c->name).append(": ");
      text.append(wrong).append("\n");
    }
  }
  text += std::to_string(as_expected) + " of " + std::to_string(kCaseCount) +
          " rows as expected\n";
  Emit(stdout, text);
  return as_expected == kCaseCount ? kExitOk : kExitFailed;
}

}  // namespace

int RunDemo(ArgReader &args) {
  if (args.Flag("--help") || args.Flag("-h")) {
    Emit(stdout, kDemoHelp);
    return kExitOk;
  }
  if (!args.AtEnd()) {
    const std::string what =
        args.PeekIsOption() ? "unknown option '" : "unexpected argument '";
    return UsageError("demo", what + std::string(args.Peek()) + "'");
  }
  Demo demo;
  return demo.Run();
}

}  // namespace rtmphs::cli
