// Builds the RTMP chunks of a minimal `connect` command, the first message a
// client sends after the handshake (used by the demo's clients).
#ifndef RTMP_HS_TOOLS_RTMP_CONNECT_CHUNK_H_
#define RTMP_HS_TOOLS_RTMP_CONNECT_CHUNK_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace rtmphs::cli {

// The AMF0 body: "connect", transaction id 1, and the object {app: APP}.
std::vector<uint8_t> BuildConnectBody(std::string_view app);

// The body as a type-20 message on chunk stream 3, message stream 0,
// timestamp 0: one fmt-0 chunk, then fmt-3 continuation chunks every 128
// bytes of payload (the default chunk size).
std::vector<uint8_t> BuildConnectChunks(std::string_view app);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_RTMP_CONNECT_CHUNK_H_
