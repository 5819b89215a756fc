#include "cli/json.h"

#include <cmath>
#include <cstdio>

namespace rtmphs::cli {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  size_t n = 0;
  uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1FU;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0FU;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07U;
  } else {
    return 0;
  }
  if (s.size() - i < n) {
    return 0;
  }
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    cp = cp << 6 | (byte(i + k) & 0x3FU);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

}  // namespace

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

JsonObject &JsonObject::Raw(std::string_view key, std::string_view json) {
  if (body_.size() > 1) {
    body_ += ',';
  }
  body_ += JsonQuote(key);
  body_ += ':';
  body_ += json;
  return *this;
}

JsonObject &JsonObject::String(std::string_view key, std::string_view value) {
  return Raw(key, JsonQuote(value));
}

JsonObject &JsonObject::StringOrNull(std::string_view key,
                                     const std::optional<std::string> &value) {
  return value.has_value() ? String(key, *value) : Null(key);
}

JsonObject &JsonObject::Int(std::string_view key, int64_t value) {
  return Raw(key, std::to_string(value));
}

JsonObject &JsonObject::IntOrNull(std::string_view key,
                                  std::optional<int64_t> value) {
  return value ? Int(key, *value) : Null(key);
}

JsonObject &JsonObject::Number(std::string_view key,
                               std::optional<double> value, int decimals) {
  if (!value || !std::isfinite(*value)) {
    return Null(key);
  }
  char text[400];  // room for any finite double in %f
  const int n = std::snprintf(text, sizeof text, "%.*f", decimals, *value);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof text) {
    return Null(key);
  }
  return Raw(key, std::string_view(text, static_cast<size_t>(n)));
}

JsonObject &JsonObject::Bool(std::string_view key, bool value) {
  return Raw(key, value ? "true" : "false");
}

JsonObject &JsonObject::Null(std::string_view key) { return Raw(key, "null"); }

JsonObject &JsonObject::Object(std::string_view key, const JsonObject &value) {
  return Raw(key, value.str());
}

}  // namespace rtmphs::cli
