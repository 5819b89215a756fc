// A small writer for one-line JSON objects (the tool's --json output).
#ifndef RTMP_HS_TOOLS_CLI_JSON_H_
#define RTMP_HS_TOOLS_CLI_JSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtmphs::cli {

// s as a JSON string literal, quotes included. Control characters, '"' and
// '\' are escaped; valid UTF-8 passes through; each byte of invalid UTF-8
// becomes U+FFFD, so the output is always valid JSON text whatever the peer
// sent.
std::string JsonQuote(std::string_view s);

// Builds {"key":value,...} in insertion order. Keys are trusted literals
// (quoted, not validated for duplicates).
class JsonObject {
 public:
  JsonObject &String(std::string_view key, std::string_view value);
  JsonObject &Int(std::string_view key, int64_t value);
  JsonObject &Bool(std::string_view key, bool value);
  JsonObject &Null(std::string_view key);
  // The value, or null when there is none.
  JsonObject &StringOrNull(std::string_view key,
                           const std::optional<std::string> &value);
  JsonObject &IntOrNull(std::string_view key, std::optional<int64_t> value);
  // Finite numbers with `decimals` digits after the point; NaN/inf -> null.
  JsonObject &Number(std::string_view key, std::optional<double> value,
                     int decimals);
  // A nested object.
  JsonObject &Object(std::string_view key, const JsonObject &value);

  // The finished object: "{...}" without a trailing newline.
  std::string str() const { return body_ + "}"; }

 private:
  JsonObject &Raw(std::string_view key, std::string_view json);

  std::string body_ = "{";
};

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_CLI_JSON_H_
