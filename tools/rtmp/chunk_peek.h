// Reads the first RTMP chunk after the handshake far enough to name the
// command it carries ("connect", "publish", ...). Pure functions over bytes:
// no allocation beyond the returned name, no reads past `len`.
#ifndef RTMP_HS_TOOLS_RTMP_CHUNK_PEEK_H_
#define RTMP_HS_TOOLS_RTMP_CHUNK_PEEK_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace rtmphs::cli {

// The chunk size every RTMP stream starts with (until Set Chunk Size).
inline constexpr size_t kDefaultChunkSize = 128;
// Basic header (3) + type-0 message header (11) + extended timestamp (4).
inline constexpr size_t kMaxChunkHeaderSize = 3 + 11 + 4;
// The answer of PeekFirstCommand is always decided within this many bytes.
inline constexpr size_t kFirstChunkMaxSize =
    kMaxChunkHeaderSize + kDefaultChunkSize;

inline constexpr uint8_t kMessageTypeAmf0Command = 20;
inline constexpr uint32_t kExtendedTimestampMarker = 0xFFFFFF;

enum class ParseStatus {
  kNeedMore,  // a prefix of a valid chunk: read more bytes
  kOk,
  kInvalid,  // decided: not what was asked for
};

// A chunk header as written on the wire. Fields the chunk's format does not
// carry stay 0 (has_* say which are present).
struct ChunkHeader {
  uint8_t fmt = 0;         // 0..3: how much of the message header is present
  uint32_t csid = 0;       // chunk stream id, 2..65599
  uint32_t timestamp = 0;  // absolute (fmt 0) or delta (fmt 1, 2)
  bool has_length_and_type = false;  // fmt 0 and 1
  uint32_t length = 0;               // message length, 24 bits
  uint8_t type_id = 0;
  bool has_stream_id = false;       // fmt 0 only
  uint32_t stream_id = 0;           // little-endian on the wire
  bool extended_timestamp = false;  // the 24-bit field was 0xFFFFFF
  size_t size = 0;  // header bytes: basic + message header + extended ts
};

// Parses one chunk header at the start of data. kNeedMore if len is too
// short; never kInvalid (every byte sequence starts some header).
ParseStatus ParseChunkHeader(const uint8_t *data, size_t len, ChunkHeader *out);

// The name of the AMF0 command (message type 20) that the first chunk of a
// stream starts with: header, then AMF0 string marker 0x02, u16 length and
// the name, all within the first chunk (128 bytes of payload at most).
// kInvalid when the first message is of another type or fmt 2/3 (no type),
// is empty, does not start with an AMF0 string, or the name does not fit in
// the message or the first chunk. kNeedMore when more bytes could decide.
ParseStatus PeekFirstCommand(const uint8_t *data, size_t len,
                             std::string *name);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_RTMP_CHUNK_PEEK_H_
