// Texts for what went wrong in a TLS session, in the tool's words: a failed
// TLS handshake, a certificate that did not verify, a peer whose first bytes
// are not TLS at all. Pure functions of mbedTLS's codes and the bytes seen.
#ifndef RTMP_HS_TOOLS_TLS_TEXT_H_
#define RTMP_HS_TOOLS_TLS_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace rtmphs::cli {

inline constexpr char kErrorClosedDuringTls[] =
    "connection closed by peer during TLS handshake";

// Whether bytes open a TLS record: a content type 20..23 (change_cipher_spec,
// alert, handshake, application_data), then major version 3. With one byte
// only the type is checked.
bool LooksLikeTlsRecord(const uint8_t *bytes, size_t len);

// Why a TLS handshake failed with mbedTLS error `code`, as seen by the
// client (is_client) or the server. `first` holds the first bytes the peer
// sent (up to 2; first_len 0 when it sent nothing): a peer that answered
// with something other than TLS is named for what it is.
std::string TlsHandshakeFailureText(int code, bool is_client,
                                    const uint8_t *first, size_t first_len);

// "the certificate did not verify: wrong name (...), unknown issuer (...)":
// every reason in mbedTLS's verification flags, for the name we asked for.
std::string CertificateFailureText(uint32_t flags, const std::string &name);

// A TLS failure after the handshake (a bad record, an alert).
std::string TlsSessionFailureText(int code);

// mbedTLS's own text for an error code, and the code in hex.
std::string MbedtlsErrorText(int code);

// The deadline passed before the TLS handshake completed.
std::string TlsTimeoutText(bool is_client, size_t bytes_received);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_TLS_TEXT_H_
