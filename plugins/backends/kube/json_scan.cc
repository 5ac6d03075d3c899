#include "json_scan.h"

#include <charconv>

namespace smee::plugins::backend_kube {

namespace {

// Deep enough for any Hardware object; a bound keeps hostile input from
// exhausting the stack.
constexpr int kMaxDepth = 64;

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  std::size_t pos() const { return pos_; }
  std::string_view slice(std::size_t from) const { return text_.substr(from, pos_ - from); }
  bool fail(std::string message) {
    if (error_.empty()) error_ = message + " at offset " + std::to_string(pos_);
    return false;
  }
  const std::string& error() const { return error_; }
  bool expect(char c) {
    skipSpace();
    if (peek() != c) return fail(std::string("expected '") + c + "'");
    ++pos_;
    return true;
  }

  bool skipString() {
    if (peek() != '"') return fail("expected a string");
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (pos_ >= text_.size()) break;
        ++pos_;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return fail("control character in a string");
      }
    }
    return fail("unterminated string");
  }

  bool skipValue(int depth = 0) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    skipSpace();
    const char c = peek();
    if (c == '"') return skipString();
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      skipSpace();
      if (peek() == close) {
        ++pos_;
        return true;
      }
      while (true) {
        if (c == '{') {
          skipSpace();
          if (!skipString() || !expect(':')) return false;
        }
        if (!skipValue(depth + 1)) return false;
        skipSpace();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        if (peek() == close) {
          ++pos_;
          return true;
        }
        return fail(std::string("expected ',' or '") + close + "'");
      }
    }
    // A literal or a number: its characters up to a delimiter.
    const std::size_t from = pos_;
    while (pos_ < text_.size()) {
      const char d = text_[pos_];
      if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\n' || d == '\r' || d == '\t') break;
      ++pos_;
    }
    const std::string_view word = text_.substr(from, pos_ - from);
    if (word == "true" || word == "false" || word == "null") return true;
    if (!word.empty() && (word[0] == '-' || (word[0] >= '0' && word[0] <= '9'))) {
      for (char d : word) {
        if (!((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E')) {
          return fail("malformed number");
        }
      }
      return true;
    }
    pos_ = from;
    return fail(word.empty() ? "expected a value" : "unexpected text");
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

std::optional<std::uint32_t> hex4(std::string_view s) {
  if (s.size() < 4) return std::nullopt;
  std::uint32_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + 4, v, 16);
  if (r.ec != std::errc() || r.ptr != s.data() + 4) return std::nullopt;
  return v;
}

}  // namespace

std::optional<JsonMembers> objectMembers(std::string_view json, std::string& error) {
  Scanner scan(json);
  JsonMembers members;
  auto failed = [&]() -> std::optional<JsonMembers> {
    error = scan.error();
    return std::nullopt;
  };
  if (!scan.expect('{')) return failed();
  scan.skipSpace();
  if (scan.peek() == '}') {
    scan.expect('}');
  } else {
    while (true) {
      scan.skipSpace();
      const std::size_t key_from = scan.pos();
      if (!scan.skipString()) return failed();
      auto key = stringValue(scan.slice(key_from));
      if (!scan.expect(':')) return failed();
      scan.skipSpace();
      const std::size_t value_from = scan.pos();
      if (!scan.skipValue()) return failed();
      members.emplace_back(key.value_or(std::string()), scan.slice(value_from));
      scan.skipSpace();
      if (scan.peek() == ',') {
        scan.expect(',');
        continue;
      }
      if (!scan.expect('}')) return failed();
      break;
    }
  }
  scan.skipSpace();
  if (!scan.atEnd()) {
    scan.fail("text after the object");
    return failed();
  }
  return members;
}

std::optional<std::vector<std::string_view>> arrayElements(std::string_view json,
                                                           std::string& error) {
  Scanner scan(json);
  std::vector<std::string_view> elements;
  auto failed = [&]() -> std::optional<std::vector<std::string_view>> {
    error = scan.error();
    return std::nullopt;
  };
  if (!scan.expect('[')) return failed();
  scan.skipSpace();
  if (scan.peek() == ']') {
    scan.expect(']');
  } else {
    while (true) {
      scan.skipSpace();
      const std::size_t from = scan.pos();
      if (!scan.skipValue()) return failed();
      elements.push_back(scan.slice(from));
      scan.skipSpace();
      if (scan.peek() == ',') {
        scan.expect(',');
        continue;
      }
      if (!scan.expect(']')) return failed();
      break;
    }
  }
  scan.skipSpace();
  if (!scan.atEnd()) {
    scan.fail("text after the array");
    return failed();
  }
  return elements;
}

std::optional<std::string_view> member(const JsonMembers& members, std::string_view key) {
  std::optional<std::string_view> found;
  for (const auto& [name, value] : members) {
    if (name == key) found = value;  // the last one wins, as in encoding/json
  }
  return found;
}

std::optional<std::string> stringValue(std::string_view raw) {
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return std::nullopt;
  raw = raw.substr(1, raw.size() - 2);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= raw.size()) return std::nullopt;
    switch (raw[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto cp = hex4(raw.substr(i + 1));
        if (!cp) return std::nullopt;
        i += 4;
        // A surrogate pair encodes one code point above U+FFFF.
        if (*cp >= 0xd800 && *cp < 0xdc00 && i + 6 < raw.size() && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          auto low = hex4(raw.substr(i + 3));
          if (low && *low >= 0xdc00 && *low < 0xe000) {
            *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
            i += 6;
          }
        }
        appendUtf8(out, *cp);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::optional<std::int64_t> integerValue(std::string_view raw) {
  std::int64_t value = 0;
  const auto r = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (r.ec != std::errc() || r.ptr != raw.data() + raw.size()) return std::nullopt;
  return value;
}

}  // namespace smee::plugins::backend_kube
