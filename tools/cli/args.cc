#include "cli/args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace rtmphs::cli {

bool ArgReader::PeekIsOption() const {
  std::string_view a = Peek();
  return a.size() > 1 && a[0] == '-';
}

void ArgReader::Fail(std::string message) {
  if (error_.empty()) {
    error_ = std::move(message);
  }
}

bool ArgReader::Flag(std::string_view name) {
  if (!error_.empty() || AtEnd()) {
    return false;
  }
  std::string_view a = args_[pos_];
  if (a == name) {
    ++pos_;
    return true;
  }
  if (a.size() > name.size() && a.substr(0, name.size()) == name &&
      a[name.size()] == '=') {
    Fail("option " + std::string(name) + " takes no value");
  }
  return false;
}

bool ArgReader::Value(std::string_view name, std::string *value) {
  if (!error_.empty() || AtEnd()) {
    return false;
  }
  std::string_view a = args_[pos_];
  if (a == name) {
    if (pos_ + 1 >= args_.size()) {
      Fail("option " + std::string(name) + " needs a value");
      return false;
    }
    *value = std::string(args_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  if (a.size() > name.size() && a.substr(0, name.size()) == name &&
      a[name.size()] == '=') {
    *value = std::string(a.substr(name.size() + 1));
    ++pos_;
    return true;
  }
  return false;
}

std::string_view ArgReader::Next() { return AtEnd() ? "" : args_[pos_++]; }

bool ParseUint32(std::string_view text, uint32_t *out) {
  uint32_t base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) {
    return false;
  }
  uint64_t value = 0;
  for (char c : text) {
    uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
    value = value * base + digit;
    if (value > 0xFFFFFFFFU) {
      return false;
    }
  }
  *out = static_cast<uint32_t>(value);
  return true;
}

bool ParseCount(std::string_view text, uint32_t *out) {
  if (text.empty() || text.size() > 10) {
    return false;
  }
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value == 0 || value > 0x7FFFFFFFU) {
    return false;
  }
  *out = static_cast<uint32_t>(value);
  return true;
}

bool ParseSeconds(std::string_view text, double *out) {
  // strtod accepts forms (hex floats, "inf", leading spaces) that are not
  // wanted here, so check the characters first.
  if (text.empty() || text.size() > 32) {
    return false;
  }
  bool digit_seen = false;
  bool dot_seen = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else if (c == '.' && !dot_seen) {
      dot_seen = true;
    } else {
      return false;
    }
  }
  if (!digit_seen) {
    return false;
  }
  const std::string copy(text);
  errno = 0;
  char *end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (errno != 0 || end != copy.c_str() + copy.size() ||
      !std::isfinite(value) || value <= 0 || value > 86400) {
    return false;
  }
  *out = value;
  return true;
}

}  // namespace rtmphs::cli
