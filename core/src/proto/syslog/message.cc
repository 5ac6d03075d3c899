#include "smee/proto/syslog/message.h"

#include <cctype>

namespace smee::syslog {
namespace {

constexpr const char* kFacilities[] = {
    "kern",   "user",   "mail",     "daemon", "auth",   "syslog", "lpr",    "news",
    "uucp",   "clock",  "authpriv", "ftp",    "ntp",    "audit",  "alert",  "cron",
    "local0", "local1", "local2",   "local3", "local4", "local5", "local6", "local7"};
constexpr const char* kSeverities[] = {"EMERG",   "ALERT",  "CRIT", "ERR",
                                       "WARNING", "NOTICE", "INFO", "DEBUG"};

// A cursor over the datagram: every read is bounded by its end.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return at_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[at_]; }
  bool consume(char c) {
    if (peek() != c || done()) return false;
    ++at_;
    return true;
  }
  // Up to the next space (not included); false at the end of input.
  bool field(std::string& out) {
    auto space = text_.find(' ', at_);
    if (space == std::string_view::npos) return false;
    out.assign(text_.substr(at_, space - at_));
    at_ = space + 1;
    return !out.empty();
  }
  std::string_view rest() const { return done() ? std::string_view() : text_.substr(at_); }
  std::size_t position() const { return at_; }
  void advance(std::size_t n) { at_ = std::min(text_.size(), at_ + n); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

std::string nilIfDash(const std::string& value) { return value == "-" ? std::string() : value; }

// RFC 5424 SD-ELEMENTs: [id name="value" ...]..., with \" \\ \] escapes.
bool parseStructuredData(Cursor& c, std::vector<StructuredElement>& out) {
  if (c.consume('-')) return true;
  while (c.peek() == '[') {
    c.consume('[');
    StructuredElement element;
    while (!c.done() && c.peek() != ' ' && c.peek() != ']') {
      element.id.push_back(c.peek());
      c.advance(1);
    }
    if (element.id.empty()) return false;
    while (c.consume(' ')) {
      std::string name, value;
      while (!c.done() && c.peek() != '=') {
        name.push_back(c.peek());
        c.advance(1);
      }
      if (!c.consume('=') || !c.consume('"') || name.empty()) return false;
      while (!c.done() && c.peek() != '"') {
        if (c.peek() == '\\') {
          c.advance(1);
          if (c.done()) return false;
        }
        value.push_back(c.peek());
        c.advance(1);
      }
      if (!c.consume('"')) return false;
      element.params.emplace_back(std::move(name), std::move(value));
    }
    if (!c.consume(']')) return false;
    out.push_back(std::move(element));
  }
  return !out.empty();
}

bool parse5424(Cursor& c, Message& m) {
  m.rfc5424 = true;
  std::string version, timestamp, hostname, app, procid, msgid;
  if (!c.field(version) || version != "1") return false;
  if (!c.field(timestamp) || !c.field(hostname) || !c.field(app) || !c.field(procid) ||
      !c.field(msgid)) {
    return false;
  }
  if (timestamp.size() > 32) return false;
  m.timestamp = nilIfDash(timestamp);
  m.hostname = nilIfDash(hostname);
  m.app_name = nilIfDash(app);
  m.procid = nilIfDash(procid);
  m.msgid = nilIfDash(msgid);
  if (!parseStructuredData(c, m.structured_data)) return false;
  c.consume(' ');
  std::string_view text = c.rest();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  m.text.assign(text);
  return true;
}

bool isMonth(std::string_view s) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (auto m : kMonths) {
    if (s == m) return true;
  }
  return false;
}

// RFC 3164 as senders write it: optional "Mmm dd hh:mm:ss ", then a tag
// ("app[pid]: "), then the text.
void parse3164(Cursor& c, Message& m) {
  std::string_view rest = c.rest();
  if (rest.size() >= 16 && isMonth(rest.substr(0, 3)) && rest[3] == ' ' && rest[6] == ' ' &&
      rest[9] == ':' && rest[12] == ':' && rest[15] == ' ') {
    m.timestamp.assign(rest.substr(0, 15));
    rest.remove_prefix(16);
    // RFC 3164 puts HOSTNAME after TIMESTAMP (Smee skipped it and took the
    // host for the tag). A field that ends in ':' is the tag instead.
    auto space = rest.find(' ');
    if (space != std::string_view::npos && space > 0 && rest[space - 1] != ':' &&
        rest.substr(0, space).find('[') == std::string_view::npos) {
      m.hostname.assign(rest.substr(0, space));
      rest.remove_prefix(space + 1);
    }
  }
  std::size_t i = 0;
  while (i < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[i])) || rest[i] == '-' ||
                             rest[i] == '_' || rest[i] == '/' || rest[i] == '.')) {
    ++i;
  }
  std::string_view tag = rest.substr(0, i);
  std::string_view after = rest.substr(i);
  std::string procid;
  if (!after.empty() && after[0] == '[') {
    auto close = after.find(']');
    if (close != std::string_view::npos) {
      procid.assign(after.substr(1, close - 1));
      after.remove_prefix(close + 1);
    }
  }
  if (!tag.empty() && after.substr(0, 2) == ": ") {
    m.app_name.assign(tag);
    m.procid = procid;
    after.remove_prefix(2);
    rest = after;
  }
  if (!rest.empty() && rest.front() == '\r') rest.remove_prefix(1);
  m.text.assign(rest);
}

}  // namespace

std::string_view facilityName(int facility) {
  if (facility >= 0 && facility < 24) return kFacilities[facility];
  return "facility(?)";
}

std::string_view severityName(int severity) {
  if (severity >= 0 && severity < 8) return kSeverities[severity];
  return "?";
}

std::optional<Message> parseMessage(std::span<const std::uint8_t> datagram) {
  std::string_view text(reinterpret_cast<const char*>(datagram.data()), datagram.size());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.remove_suffix(1);
  Cursor c(text);
  if (!c.consume('<')) return std::nullopt;
  int pri = 0, digits = 0;
  while (digits < 3 && std::isdigit(static_cast<unsigned char>(c.peek()))) {
    pri = pri * 10 + (c.peek() - '0');
    c.advance(1);
    ++digits;
  }
  if (digits == 0 || !c.consume('>') || pri > 191) return std::nullopt;
  Message m;
  m.facility = pri / 8;
  m.severity = pri % 8;
  if (c.rest().substr(0, 2) == "1 ") {
    if (!parse5424(c, m)) return std::nullopt;
    return m;
  }
  parse3164(c, m);
  return m;
}

}  // namespace smee::syslog
