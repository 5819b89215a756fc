#include "cli/report.h"

#include <rtmp_handshake.h>

#include <cstdio>
#include <string_view>

#include "cli/json.h"
#include "net/hs_connection.h"

namespace rtmphs::cli {
namespace {

std::optional<int64_t> Known(int value) {
  if (value < 0) {
    return std::nullopt;
  }
  return value;
}

std::string OrDash(const std::optional<int> &v) {
  return v ? std::to_string(*v) : "-";
}

std::string SchemeText(int scheme) {
  return scheme < 0 ? "-" : std::to_string(scheme);
}

// "0.215 ms": three decimals, as in the JSON.
std::string FixedMs(double ms) {
  char text[64];
  const int n = std::snprintf(text, sizeof text, "%.3f ms", ms);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof text) {
    return "? ms";
  }
  return {text, static_cast<size_t>(n)};
}

// The `tls` value: an object, or null over plain TCP.
JsonObject &AddTls(JsonObject &o, const std::optional<TlsInfo> &tls) {
  if (!tls.has_value()) {
    return o.Null("tls");
  }
  JsonObject t;
  t.String("version", tls->version).String("cipher", tls->cipher);
  if (tls->verified.has_value()) {
    t.Bool("verified", *tls->verified);
  }
  return o.Object("tls", t);
}

}  // namespace

std::string TlsText(const std::optional<TlsInfo> &tls) {
  if (!tls.has_value()) {
    return "-";
  }
  std::string text = tls->version + ", " + tls->cipher;
  if (tls->verified.has_value()) {
    text += *tls->verified ? ", certificate verified"
                           : ", certificate NOT verified";
  }
  return text;
}

std::string ErrorText(const std::string &error, int status) {
  if (status == 0) {
    return error;
  }
  return error + " (" + rtmp_hs_strerror(status) + ")";
}

ProbeReport ProbeReportOf(const HandshakeConnection &conn) {
  const rtmp_hs *hs = conn.handle();
  ProbeReport r;
  r.ok = conn.ok();
  r.error = conn.error();
  r.status = conn.status();
  if (rtmp_hs_peer_p0(hs) >= 0) {
    r.s0 = rtmp_hs_peer_p0(hs);
  }
  r.version = rtmp_hs_peer_version(hs);
  r.mode = rtmp_hs_mode(hs);
  r.scheme = rtmp_hs_peer_scheme(hs);
  r.s2_verified = rtmp_hs_peer_verified(hs) != 0;
  r.encryption = rtmp_hs_encryption_type(hs);
  r.rtt_ms = conn.rtt_ms();
  r.tls = conn.tls();
  return r;
}

ServeReport ServeReportOf(const HandshakeConnection &conn) {
  const rtmp_hs *hs = conn.handle();
  ServeReport r;
  r.ok = conn.ok();
  r.error = conn.error();
  r.status = conn.status();
  if (rtmp_hs_peer_p0(hs) >= 0) {
    r.c0 = rtmp_hs_peer_p0(hs);
  }
  r.version = rtmp_hs_peer_version(hs);
  r.mode = rtmp_hs_mode(hs);
  r.scheme = rtmp_hs_peer_scheme(hs);
  r.c2_verified = rtmp_hs_peer_verified(hs) != 0;
  r.encryption = rtmp_hs_encryption_type(hs);
  r.next = conn.first_command();
  r.tls = conn.tls();
  return r;
}

std::string EncryptionName(int type) {
  switch (type) {
    case 6:
      return "6 (RC4)";
    case 8:
      return "8 (RC4, XTEA signature)";
    case 9:
      return "9 (RC4, Blowfish signature)";
    default:
      return "none";
  }
}

std::string ModeName(int mode) {
  switch (mode) {
    case RTMP_HS_MODE_SIMPLE:
      return "simple";
    case RTMP_HS_MODE_DIGEST:
      return "digest";
    case RTMP_HS_MODE_ENCRYPTED:
      return "encrypted";
    default:
      return "";
  }
}

std::string VersionHex(uint32_t version) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) {
    text += kHex[(version >> shift) & 0xFU];
  }
  return text;
}

std::string VersionDotted(uint32_t version) {
  return std::to_string(version >> 24) + "." +
         std::to_string((version >> 16) & 0xFFU) + "." +
         std::to_string((version >> 8) & 0xFFU) + "." +
         std::to_string(version & 0xFFU);
}

std::string ProbeJson(const ProbeReport &r) {
  JsonObject o;
  o.String("url", r.url)
      .StringOrNull("address", r.address.empty()
                                   ? std::nullopt
                                   : std::optional<std::string>(r.address))
      .Bool("ok", r.ok)
      .StringOrNull("error",
                    r.ok ? std::nullopt : std::optional<std::string>(r.error))
      .IntOrNull("s0", r.s0 ? std::optional<int64_t>(*r.s0) : std::nullopt)
      .Int("version", r.version)
      .StringOrNull("mode", r.mode < 0
                                ? std::nullopt
                                : std::optional<std::string>(ModeName(r.mode)))
      .IntOrNull("scheme", Known(r.scheme))
      .Bool("s1_digest_valid", r.scheme >= 0)
      .Bool("s2_verified", r.s2_verified)
      .Int("encryption", r.encryption)
      .Number("rtt_ms", r.rtt_ms, 3);
  AddTls(o, r.tls);
  return o.str();
}

std::string ProbeText(const ProbeReport &r) {
  std::string out = "probe " + r.url + "\n";
  const auto row = [&out](std::string_view label, const std::string &value) {
    out.append("  ").append(label);
    out.append(label.size() < 13 ? 13 - label.size() : 1, ' ');
    out.append(value).append("\n");
  };
  row("address", r.address.empty() ? "-" : r.address);
  if (r.tls.has_value()) {
    row("TLS", TlsText(r.tls));
  }
  row("handshake",
      r.ok ? "completed" : "FAILED: " + ErrorText(r.error, r.status));
  if (r.status == RTMP_HS_ERR_TLS) {
    row("hint", kProbeTlsHint);
  }
  row("S0", OrDash(r.s0));
  // rtt is measured exactly when S0+S1 arrived; before that there is no
  // version to show.
  row("version", !r.rtt_ms.has_value()
                     ? "-"
                     : VersionHex(r.version) + " (" + VersionDotted(r.version) +
                           ")" +
                           (r.version == 0 ? ", original handshake" : ""));
  row("mode", r.mode < 0 ? "-" : ModeName(r.mode));
  row("encryption", EncryptionName(r.encryption));
  row("S1 digest",
      r.scheme < 0 ? "none" : "valid, scheme " + std::to_string(r.scheme));
  row("S2", r.s2_verified ? "verified" : "not verified");
  row("rtt", r.rtt_ms.has_value()
                 ? FixedMs(*r.rtt_ms) + " (C0+C1 sent -> S0+S1 received)"
                 : "-");
  return out;
}

std::string ServeJson(const ServeReport &r) {
  JsonObject o;
  o.String("peer", r.peer)
      .Bool("ok", r.ok)
      .StringOrNull("error",
                    r.ok ? std::nullopt : std::optional<std::string>(r.error))
      .IntOrNull("c0", r.c0 ? std::optional<int64_t>(*r.c0) : std::nullopt)
      .Int("version", r.version)
      .StringOrNull("mode", r.mode < 0
                                ? std::nullopt
                                : std::optional<std::string>(ModeName(r.mode)))
      .IntOrNull("scheme", Known(r.scheme))
      .Bool("c2_verified", r.c2_verified)
      .Int("encryption", r.encryption)
      .StringOrNull("next", r.next);
  AddTls(o, r.tls);
  return o.str();
}

std::string ServeText(const ServeReport &r) {
  std::string out = r.peer;
  out += r.ok ? " ok" : " failed: " + ErrorText(r.error, r.status);
  if (r.status == RTMP_HS_ERR_TLS) {
    out.append(" (").append(kServeTlsHint).append(")");
  }
  out += " c0=" + OrDash(r.c0);
  out += " version=" + VersionHex(r.version) + " (" + VersionDotted(r.version) +
         ")";
  out += " mode=" + (r.mode < 0 ? std::string("-") : ModeName(r.mode));
  out += " scheme=" + SchemeText(r.scheme);
  out += std::string(" c2_verified=") + (r.c2_verified ? "yes" : "no");
  out += " encryption=" + std::to_string(r.encryption);
  out += " next=" + (r.next ? JsonQuote(*r.next) : std::string("-"));
  if (r.tls.has_value()) {
    out += " tls=" + r.tls->version + "/" + r.tls->cipher;
  }
  return out;
}

}  // namespace rtmphs::cli
