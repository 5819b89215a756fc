// What a probe or a served connection learned, and its two renderings: a
// human-readable block/line and a one-line JSON object (keys per API.md).
#ifndef RTMP_HS_TOOLS_CLI_REPORT_H_
#define RTMP_HS_TOOLS_CLI_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "net/transport.h"

namespace rtmphs::cli {

class HandshakeConnection;

// A client's view of the server (probe).
struct ProbeReport {
  std::string url;
  std::string address;  // the address connected to, "" if none
  bool ok = false;
  std::string error;  // "" when ok
  int status = 0;     // RTMP_HS_ERR_* behind error, 0 for network errors
  std::optional<int> s0;
  uint32_t version = 0;  // S1 bytes 4..7
  int mode = -1;         // RTMP_HS_MODE_*, -1 unknown
  int scheme = -1;       // where S1's digest was found, -1 none
  bool s2_verified = false;
  int encryption = 0;  // the agreed RTMPE type (6, 8, 9), 0 for none
  std::optional<double> rtt_ms;
  std::optional<TlsInfo> tls;  // rtmps://: the session, once agreed
};

// A server's view of one client (serve, demo).
struct ServeReport {
  std::string peer;
  bool ok = false;
  std::string error;
  int status = 0;
  std::optional<int> c0;
  uint32_t version = 0;  // C1 bytes 4..7
  int mode = -1;
  int scheme = -1;
  bool c2_verified = false;
  int encryption = 0;               // the agreed RTMPE type, 0 for none
  std::optional<std::string> next;  // the first command's name (decrypted)
  std::optional<TlsInfo> tls;       // serve --tls: the session, once agreed
};

// Fills the fields a connection learned (everything but url/address/peer).
ProbeReport ProbeReportOf(const HandshakeConnection &conn);
ServeReport ServeReportOf(const HandshakeConnection &conn);

// "simple", "digest", "encrypted", or "" for -1.
std::string ModeName(int mode);
// "none", or "6 (RC4)", "8 (RC4, XTEA signature)", "9 (RC4, Blowfish
// signature)".
std::string EncryptionName(int type);
// "0x0D0E0A0D" and "13.14.10.13".
std::string VersionHex(uint32_t version);
std::string VersionDotted(uint32_t version);

// "RTMP_HS_ERR_HTTP (explanation)" for a handshake failure (status != 0),
// else the network error text as is.
std::string ErrorText(const std::string &error, int status);

// What to do when the other end wants TLS (RTMP_HS_ERR_TLS).
inline constexpr char kProbeTlsHint[] =
    "the server speaks TLS: try rtmps:// (RTMPS)";
inline constexpr char kServeTlsHint[] =
    "the client speaks TLS (RTMPS): serve it with --tls CERT.pem KEY.pem";

// "TLSv1.2, TLS-ECDHE-..., certificate verified"; "-" over plain TCP.
std::string TlsText(const std::optional<TlsInfo> &tls);

std::string ProbeJson(const ProbeReport &r);
std::string ProbeText(const ProbeReport &r);
std::string ServeJson(const ServeReport &r);
std::string ServeText(const ServeReport &r);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_CLI_REPORT_H_
