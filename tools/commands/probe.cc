// `rtmp-handshake probe URL`: the client side of the handshake against a
// real server, and a report of what the server turned out to be.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>

#include "cli/report.h"
#include "cli/url.h"
#include "commands.h"
#include "commands/wrong_protocol.h"
#include "net/hs_connection.h"
#include "net/sockets.h"
#include "tls/config.h"
#include "tls/session.h"

namespace rtmphs::cli {

const char kProbeHelp[] = R"(Usage: rtmp-handshake probe URL [options]

Connect to an RTMP server, run the client side of the handshake, and report
what the server is. Nothing is sent after C2.

  URL              rtmp://host[:port][/app...]  (default port 1935; an IPv6
                   host goes in brackets: rtmp://[::1]:1935/live), or
                   rtmps://host[:port][/app...]  (RTMP over TLS, default
                   port 443: TLS 1.2 first, then the same handshake)

Options:
  --simple         send an original-handshake C1 (version 0, no digest)
  --scheme 0|1     where our C1 digest goes (default 0)
  --version X      our C1 version field (bytes 4..7), hex (0x...) or decimal;
                   default 0x80000702; 0 is the same as --simple
  --encrypt 6|8|9  RTMPE: ask for this encrypted type in C0 (rtmpe:// means
                   --encrypt 6); the server's S0 picks the type used (a
                   librtmp server answers 6 with 8). An S0 of 3 fails with
                   RTMP_HS_ERR_UNSUPPORTED: no silent downgrade
  --timeout S      give up after S seconds, connecting included (default 10)
  --json           print one JSON object on one line instead of text
  -h, --help       show this help

RTMPS (rtmps:// only):
  --ca FILE        trust the CA certificates in FILE (PEM) instead of the
                   system store (/etc/ssl/certs)
  --insecure       go on when the server's certificate does not verify (the
                   report still says whether it did)
  --sni NAME       the server name to send (SNI) and to check the
                   certificate against (default: the URL's host)

A certificate that does not verify fails the probe with the reason: expired,
wrong name, unknown issuer (not signed by a trusted CA).

Wrong protocol: when a plain rtmp:// probe is met with a close before any
byte, a TLS ClientHello on a second connection finds out whether the port
speaks TLS (error RTMP_HS_ERR_TLS, "try rtmps://"); when an rtmps:// probe
gets no byte back, plain C0+C1 on a second connection finds out whether it
speaks plain RTMP. That check may take up to min(--timeout, 2 s) more.

What is reported:
  S0          the server's first byte (3 = plain RTMP)
  version     S1 bytes 4..7 in hex and dotted (0 = original handshake)
  mode        digest when our C1 and the server's S1 both carry a valid
              digest, else simple (the original handshake: echoes);
              encrypted under RTMPE
  encryption  the RTMPE type agreed (S0: 6, 8 or 9), or none
  S1 digest   whether S1 carries a valid server digest, and in which scheme
  S2          whether S2 verified: signed over our C1 digest, or an echo of
              our C1
  rtt         round-trip time: from the moment C0+C1 were completely handed
              to the kernel to the moment the last of S0+S1's 1537 bytes was
              read (one network round trip plus the server's think time;
              over TLS, after the TLS handshake)
  TLS         rtmps://: the TLS version and cipher suite agreed, and whether
              the server's certificate verified

JSON keys: url, address (the address connected to), ok, error, s0, version,
s1_digest_valid, s2_verified, mode ("simple"/"digest"/"encrypted"/null),
scheme (0/1/null), encryption (0, 6, 8 or 9), rtt_ms (null when not
measured), tls (null over plain TCP, else {"version", "cipher", "verified"}).
error is null, the name
of the handshake failure (RTMP_HS_ERR_HTTP: the port speaks HTTP,
RTMP_HS_ERR_TLS: it speaks TLS/RTMPS, RTMP_HS_ERR_VERSION: another S0), or a
network error: "connection refused", "timeout", "connection closed by peer
during handshake", "cannot resolve ...", or a TLS failure ("the server's
certificate did not verify: ...", "timeout during TLS handshake", "the
server does not speak TLS: ...").

Exit status: 0 the handshake completed, 1 it did not, 2 usage error or an
unsupported request.
)";

namespace {

constexpr char kCommand[] = "probe";

struct ProbeOptions {
  std::string url;
  bool simple = false;
  int scheme = RTMP_HS_SCHEME_AUTO;
  bool version_set = false;
  uint32_t version = 0;
  int encrypt = 0;  // the RTMPE type to ask for, 0 for none
  double timeout_s = 10;
  bool json = false;
  std::string ca_file;  // rtmps://: instead of the system store
  bool insecure = false;
  std::string sni;
};

// Reads one option that takes a value, if the next argument is one.
// Returns false when it is not; sets *error when the value is bad.
bool ParseValueOption(ArgReader &args, ProbeOptions *o, std::string *error) {
  std::string value;
  if (args.Value("--scheme", &value)) {
    if (value != "0" && value != "1") {
      *error = "--scheme must be 0 or 1";
    }
    o->scheme = value == "1" ? 1 : 0;
  } else if (args.Value("--version", &value)) {
    if (!ParseUint32(value, &o->version)) {
      *error = "--version needs a 32-bit number, hex (0x80000702) or decimal";
    }
    o->version_set = true;
  } else if (args.Value("--encrypt", &value)) {
    if (value != "6" && value != "8" && value != "9") {
      *error = "--encrypt must be 6, 8 or 9";
    }
    o->encrypt = value.empty() ? 0 : value[0] - '0';
  } else if (args.Value("--timeout", &value)) {
    if (!ParseSeconds(value, &o->timeout_s)) {
      *error = "--timeout needs seconds, > 0 and <= 86400";
    }
  } else if (args.Value("--ca", &o->ca_file)) {
    if (o->ca_file.empty()) {
      *error = "--ca needs a file";
    }
  } else if (args.Value("--sni", &o->sni)) {
    if (o->sni.empty()) {
      *error = "--sni needs a name";
    }
  } else {
    return false;
  }
  return true;
}

// Combinations that cannot mean anything; "" when there is none.
std::string CheckCombination(ProbeOptions *o) {
  if (o->url.empty()) {
    return "the URL is missing";
  }
  if (o->simple && o->version_set && o->version != 0) {
    return "--simple means --version 0";
  }
  if (o->simple) {
    o->version_set = true;
    o->version = 0;
  }
  if (o->version_set && o->version == 0 && o->scheme != RTMP_HS_SCHEME_AUTO) {
    return "--scheme needs a digest, which version 0 does not send";
  }
  return "";
}

// Returns -1 when the options are fine, else the exit status to return.
int ParseOptions(ArgReader &args, ProbeOptions *o) {
  std::string error;
  while (!args.AtEnd() && error.empty()) {
    if (args.Flag("--help") || args.Flag("-h")) {
      Emit(stdout, kProbeHelp);
      return kExitOk;
    }
    if (args.Flag("--simple")) {
      o->simple = true;
    } else if (args.Flag("--insecure")) {
      o->insecure = true;
    } else if (args.Flag("--json")) {
      o->json = true;
    } else if (ParseValueOption(args, o, &error)) {
      continue;
    } else if (!args.error().empty()) {
      error = args.error();
    } else if (args.PeekIsOption()) {
      error = "unknown option '" + std::string(args.Peek()) + "'";
    } else if (o->url.empty()) {
      o->url = std::string(args.Next());
    } else {
      error = "unexpected argument '" + std::string(args.Peek()) + "'";
    }
  }
  if (error.empty()) {
    error = args.error().empty() ? CheckCombination(o) : args.error();
  }
  return error.empty() ? -1 : UsageError(kCommand, error);
}

int Report(const ProbeOptions &o, const ProbeReport &r) {
  Emit(stdout, o.json ? ProbeJson(r) + "\n" : ProbeText(r));
  if (r.ok) {
    return kExitOk;
  }
  const std::string hint =
      r.status == RTMP_HS_ERR_TLS ? std::string(": ") + kProbeTlsHint : "";
  return CommandError(kCommand, ErrorText(r.error, r.status) + hint,
                      kExitFailed);
}

// The TLS options only mean something for rtmps://; "" when all is well.
std::string CheckTlsOptions(const ProbeOptions &o, const RtmpUrl &url) {
  if (url.tls) {
    return "";
  }
  if (!o.ca_file.empty()) {
    return "--ca needs an rtmps:// URL";
  }
  if (o.insecure) {
    return "--insecure needs an rtmps:// URL";
  }
  return o.sni.empty() ? "" : "--sni needs an rtmps:// URL";
}

// The client configuration for rtmps://: the CAs to trust (with --insecure,
// a store that cannot be read only means nothing is verified).
std::unique_ptr<TlsConfig> MakeTlsConfig(const ProbeOptions &o,
                                         std::string *error) {
  std::optional<std::string> ca_pem;
  if (!o.ca_file.empty()) {
    ca_pem.emplace();
    if (!ReadTextFile(o.ca_file, &*ca_pem, error)) {
      return nullptr;
    }
  }
  std::unique_ptr<TlsConfig> config = TlsConfig::Client(ca_pem, error);
  if (!config && o.insecure) {
    config = TlsConfig::UnverifiedClient(error);
  }
  return config;
}

// A probe that ended without a word from the server: the port may want the
// other protocol, which a second connection finds out.
void NameTheProtocol(const ProbeOptions &o, const RtmpUrl &url,
                     const std::vector<SocketAddress> &addresses,
                     const TlsSession *tls, int64_t deadline_us,
                     ProbeReport *r) {
  const int64_t check_deadline_us = CheckDeadline(deadline_us, o.timeout_s);
  if (tls == nullptr) {
    if (r->status == 0 && !r->s0.has_value() &&
        r->error == kErrorClosedDuringHandshake &&
        ServerSpeaksTls(addresses, url.host, check_deadline_us)) {
      r->status = RTMP_HS_ERR_TLS;
      r->error = rtmp_hs_status_name(RTMP_HS_ERR_TLS);
    }
    return;
  }
  if (!r->tls.has_value() && tls->bytes_received() == 0 &&
      ServerSpeaksPlainRtmp(addresses, check_deadline_us)) {
    r->error = kErrorServerNotTls;
  }
}

}  // namespace

int RunProbe(ArgReader &args) {
  ProbeOptions o;
  if (const int status = ParseOptions(args, &o); status >= 0) {
    return status;
  }

  RtmpUrl url;
  std::string error;
  if (!ParseRtmpUrl(o.url, &url, &error)) {
    return UsageError(kCommand, o.url + ": " + error);
  }
  if (url.encrypted && o.encrypt == 0) {
    o.encrypt = 6;  // rtmpe:// asks for type 6, as librtmp and FFmpeg do
  }
  if (const std::string wrong = CheckTlsOptions(o, url); !wrong.empty()) {
    return UsageError(kCommand, wrong);
  }
  std::unique_ptr<TlsConfig> tls_config;
  if (url.tls && !(tls_config = MakeTlsConfig(o, &error))) {
    return CommandError(kCommand, error, kExitFailed);
  }

  ProbeReport report;
  report.url = o.url;
  const int64_t deadline_us = NowUs() + static_cast<int64_t>(o.timeout_s * 1e6);

  std::vector<SocketAddress> addresses;
  if (!ResolveTcp(url.host, url.port, false, &addresses, &error)) {
    report.error = error;
    return Report(o, report);
  }
  SocketAddress connected;
  const int fd = ConnectTcp(addresses, deadline_us, &error, &connected);
  if (fd < 0) {
    report.error = error;
    return Report(o, report);
  }

  rtmp_hs *hs = rtmp_hs_new(RTMP_HS_CLIENT);
  if (hs == nullptr) {
    close(fd);
    return CommandError(kCommand, "out of memory", kExitFailed);
  }
  int rc = RTMP_HS_OK;
  if (o.version_set) {
    rc = rtmp_hs_set_version(hs, o.version);
  }
  if (rc == RTMP_HS_OK && o.scheme != RTMP_HS_SCHEME_AUTO) {
    rc = rtmp_hs_set_scheme(hs, o.scheme);
  }
  if (rc == RTMP_HS_OK) {
    rc = rtmp_hs_set_encryption(hs, o.encrypt);
  }
  HandshakeConnection conn(fd, hs, {});
  if (rc != RTMP_HS_OK) {
    return CommandError(kCommand, rtmp_hs_status_name(rc), kExitFailed);
  }
  const TlsSession *tls = nullptr;
  if (url.tls) {
    TlsSession::Options tls_options;
    tls_options.server_name = o.sni.empty() ? url.host : o.sni;
    tls_options.require_verified = !o.insecure;
    std::unique_ptr<TlsSession> session =
        TlsSession::Create(fd, *tls_config, tls_options, &error);
    if (!session) {
      return CommandError(kCommand, error, kExitFailed);
    }
    tls = session.get();
    conn.UseTransport(std::move(session));
  }
  RunUntilFinished(conn, deadline_us);

  report = ProbeReportOf(conn);
  report.url = o.url;
  report.address = FormatAddress(connected);
  if (!report.ok) {
    // tls points into conn, which owns the session and is still alive.
    // cppcheck-suppress invalidLifetime
    NameTheProtocol(o, url, addresses, tls, deadline_us, &report);
  }
  return Report(o, report);
}

}  // namespace rtmphs::cli
