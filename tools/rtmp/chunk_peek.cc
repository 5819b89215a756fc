#include "rtmp/chunk_peek.h"

#include <algorithm>

namespace rtmphs::cli {
namespace {

uint32_t LoadBe24(const uint8_t *p) {
  return static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 |
         p[2];
}

uint32_t LoadBe32(const uint8_t *p) {
  return static_cast<uint32_t>(p[0]) << 24 | LoadBe24(p + 1);
}

uint32_t LoadLe32(const uint8_t *p) {
  return static_cast<uint32_t>(p[3]) << 24 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[1]) << 8 | p[0];
}

constexpr uint8_t kAmf0StringMarker = 0x02;
constexpr size_t kMessageHeaderSize[4] = {11, 7, 3, 0};

}  // namespace

ParseStatus ParseChunkHeader(const uint8_t *data, size_t len,
                             ChunkHeader *out) {
  if (len < 1) {
    return ParseStatus::kNeedMore;
  }
  ChunkHeader h;
  h.fmt = static_cast<uint8_t>(data[0] >> 6);
  size_t pos = 1;
  switch (data[0] & 0x3F) {
    case 0:  // 2-byte form: ids 64..319
      if (len < 2) {
        return ParseStatus::kNeedMore;
      }
      h.csid = 64U + data[1];
      pos = 2;
      break;
    case 1:  // 3-byte form: ids 64..65599, the second byte is the low one
      if (len < 3) {
        return ParseStatus::kNeedMore;
      }
      h.csid = 64U + data[1] + 256U * data[2];
      pos = 3;
      break;
    default:
      h.csid = data[0] & 0x3FU;
      break;
  }

  if (len - pos < kMessageHeaderSize[h.fmt]) {
    return ParseStatus::kNeedMore;
  }
  const uint8_t *m = data + pos;
  if (h.fmt <= 2) {
    h.timestamp = LoadBe24(m);
  }
  if (h.fmt <= 1) {
    h.has_length_and_type = true;
    h.length = LoadBe24(m + 3);
    h.type_id = m[6];
  }
  if (h.fmt == 0) {
    h.has_stream_id = true;
    h.stream_id = LoadLe32(m + 7);
  }
  pos += kMessageHeaderSize[h.fmt];

  // fmt 3 repeats the previous chunk's extended timestamp; a first chunk has
  // no previous one, so only fmt 0..2 are read here.
  if (h.fmt <= 2 && h.timestamp == kExtendedTimestampMarker) {
    if (len - pos < 4) {
      return ParseStatus::kNeedMore;
    }
    h.extended_timestamp = true;
    h.timestamp = LoadBe32(data + pos);
    pos += 4;
  }
  h.size = pos;
  *out = h;
  return ParseStatus::kOk;
}

ParseStatus PeekFirstCommand(const uint8_t *data, size_t len,
                             std::string *name) {
  ChunkHeader h;
  ParseStatus status = ParseChunkHeader(data, len, &h);
  if (status != ParseStatus::kOk) {
    return status;
  }
  if (!h.has_length_and_type || h.type_id != kMessageTypeAmf0Command ||
      h.length == 0) {
    return ParseStatus::kInvalid;
  }

  // Only the first chunk is read: the payload it carries is the message up to
  // the default chunk size.
  const size_t in_chunk = std::min<size_t>(h.length, kDefaultChunkSize);
  const uint8_t *payload = data + h.size;
  const size_t have = len - h.size;

  if (have < 1) {
    return ParseStatus::kNeedMore;
  }
  if (payload[0] != kAmf0StringMarker) {
    return ParseStatus::kInvalid;
  }
  if (in_chunk < 3) {
    return ParseStatus::kInvalid;
  }
  if (have < 3) {
    return ParseStatus::kNeedMore;
  }
  const size_t name_len = static_cast<size_t>(payload[1]) << 8 | payload[2];
  if (3 + name_len > in_chunk) {
    return ParseStatus::kInvalid;
  }
  if (have < 3 + name_len) {
    return ParseStatus::kNeedMore;
  }
  name->assign(reinterpret_cast<const char *>(payload + 3), name_len);
  return ParseStatus::kOk;
}

}  // namespace rtmphs::cli
