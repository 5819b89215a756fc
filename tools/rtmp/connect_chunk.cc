#include "rtmp/connect_chunk.h"

#include <algorithm>
#include <cstring>

#include "rtmp/chunk_peek.h"

namespace rtmphs::cli {
namespace {

constexpr uint8_t kAmf0Number = 0x00;
constexpr uint8_t kAmf0String = 0x02;
constexpr uint8_t kAmf0Object = 0x03;
constexpr uint8_t kAmf0ObjectEnd = 0x09;
constexpr uint8_t kCommandChunkStream = 3;

void PutU16(std::vector<uint8_t> *out, size_t v) {
  out->push_back(static_cast<uint8_t>(v >> 8));
  out->push_back(static_cast<uint8_t>(v));
}

// An AMF0 string body (without marker) is capped at 65535 bytes.
void PutUtf8(std::vector<uint8_t> *out, std::string_view s) {
  s = s.substr(0, 0xFFFF);
  PutU16(out, s.size());
  out->insert(out->end(), s.begin(), s.end());
}

void PutNumber(std::vector<uint8_t> *out, double value) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  out->push_back(kAmf0Number);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<uint8_t>(bits >> shift));
  }
}

}  // namespace

std::vector<uint8_t> BuildConnectBody(std::string_view app) {
  std::vector<uint8_t> body;
  body.push_back(kAmf0String);
  PutUtf8(&body, "connect");
  PutNumber(&body, 1.0);  // transaction id
  body.push_back(kAmf0Object);
  PutUtf8(&body, "app");
  body.push_back(kAmf0String);
  PutUtf8(&body, app);
  PutU16(&body, 0);  // empty key + end marker close the object
  body.push_back(kAmf0ObjectEnd);
  return body;
}

std::vector<uint8_t> BuildConnectChunks(std::string_view app) {
  // A message length is 24 bits; a connect body this large is not sensible,
  // so the app name is bounded well below that.
  const std::vector<uint8_t> body = BuildConnectBody(app.substr(0, 4096));
  std::vector<uint8_t> out;
  out.push_back(kCommandChunkStream);  // fmt 0
  out.insert(out.end(), {0, 0, 0});    // timestamp
  out.push_back(static_cast<uint8_t>(body.size() >> 16));
  out.push_back(static_cast<uint8_t>(body.size() >> 8));
  out.push_back(static_cast<uint8_t>(body.size()));
  out.push_back(kMessageTypeAmf0Command);
  out.insert(out.end(), {0, 0, 0, 0});  // message stream 0
  for (size_t pos = 0; pos < body.size(); pos += kDefaultChunkSize) {
    if (pos > 0) {
      out.push_back(0xC0 | kCommandChunkStream);  // fmt 3
    }
    const size_t n = std::min(kDefaultChunkSize, body.size() - pos);
    out.insert(out.end(), body.begin() + static_cast<std::ptrdiff_t>(pos),
               body.begin() + static_cast<std::ptrdiff_t>(pos + n));
  }
  return out;
}

}  // namespace rtmphs::cli
