// When a probe ends without a word from the server, a second connection
// finds out whether the port wanted the other protocol: a TLS ClientHello
// after plain C0+C1 was met with a close (servers behind OpenSSL, nginx's
// stream module among them, close without a byte), or plain C0+C1 after a
// ClientHello got nothing back (an RTMP server waits for 1537 bytes).
#ifndef RTMP_HS_TOOLS_COMMANDS_WRONG_PROTOCOL_H_
#define RTMP_HS_TOOLS_COMMANDS_WRONG_PROTOCOL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "net/sockets.h"

namespace rtmphs::cli {

inline constexpr char kErrorServerNotTls[] =
    "the server does not speak TLS: it answers plain RTMP; try rtmp://";

// The deadline of a check: what is left of the probe's, but no less than
// min(timeout, 2 s) from now, so that a probe that timed out still gets its
// answer.
int64_t CheckDeadline(int64_t probe_deadline_us, double timeout_s);

// Whether the server answers a TLS ClientHello (SNI server_name) with TLS,
// on a new connection.
bool ServerSpeaksTls(const std::vector<SocketAddress> &addresses,
                     const std::string &server_name, int64_t deadline_us);

// Whether the server answers plain C0+C1 with an RTMP S0, on a new
// connection.
bool ServerSpeaksPlainRtmp(const std::vector<SocketAddress> &addresses,
                           int64_t deadline_us);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_COMMANDS_WRONG_PROTOCOL_H_
