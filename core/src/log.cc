#include "smee/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "log_system.h"

namespace smee {
namespace {

std::atomic<LogFormat> g_format{LogFormat::Text};
std::atomic<spdlog::level::level_enum> g_level{spdlog::level::info};

std::shared_ptr<spdlog::sinks::stdout_sink_mt> sharedSink() {
  static auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  return sink;
}

// %Q: the level in upper case, as Smee's JSON logs write it (INFO, DEBUG).
class UpperLevelFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr const char* kNames[] = {"TRACE", "DEBUG", "INFO", "WARN",
                                             "ERROR", "FATAL", "OFF"};
    std::string_view name = kNames[static_cast<int>(msg.level)];
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<UpperLevelFlag>();
  }
};

std::unique_ptr<spdlog::formatter> makeFormatter(LogFormat format) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<UpperLevelFlag>('Q');
  if (format == LogFormat::Json) {
    formatter->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%Q","logger":"%n",%v})");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %-5Q %n: %v");
  }
  return formatter;
}

spdlog::level::level_enum levelFromName(std::string_view level) {
  if (level == "trace")
    return spdlog::level::trace;  // Smee accepts it; smeed logs nothing below debug
  if (level == "debug") return spdlog::level::debug;
  if (level == "warn") return spdlog::level::warn;
  if (level == "error") return spdlog::level::err;
  return spdlog::level::info;
}

bool needsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

bool hasControlCharacter(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

std::string textQuoted(std::string_view value) {
  if (!needsQuotes(value)) return std::string(value);
  return "\"" + jsonEscape(value) + "\"";
}

std::mutex g_logger_mutex;

}  // namespace

std::string jsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
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
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

void LogSystem::configure(std::string_view level, LogFormat format) {
  std::lock_guard lock(g_logger_mutex);
  g_format = format;
  g_level = levelFromName(level);
  sharedSink()->set_formatter(makeFormatter(format));
  spdlog::set_level(g_level);
}

std::shared_ptr<spdlog::logger> LogSystem::logger(const std::string& name) {
  std::lock_guard lock(g_logger_mutex);
  if (auto existing = spdlog::get(name)) return existing;
  auto sink = sharedSink();
  static std::once_flag formatter_once;
  std::call_once(formatter_once, [&] { sink->set_formatter(makeFormatter(g_format)); });
  auto made = std::make_shared<spdlog::logger>(name, sink);
  made->set_level(g_level);
  made->flush_on(spdlog::level::trace);
  spdlog::register_logger(made);
  return made;
}

LogFormat LogSystem::format() { return g_format; }

void LogSystem::shutdown() { spdlog::shutdown(); }

Logger::Logger(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

void Logger::debug(std::string_view msg, LogFields fields, LogSource where) const {
  write(spdlog::level::debug, msg, {fields.begin(), fields.size()}, where);
}
void Logger::info(std::string_view msg, LogFields fields, LogSource where) const {
  write(spdlog::level::info, msg, {fields.begin(), fields.size()}, where);
}
void Logger::warn(std::string_view msg, LogFields fields, LogSource where) const {
  write(spdlog::level::warn, msg, {fields.begin(), fields.size()}, where);
}
void Logger::error(std::string_view msg, LogFields fields, LogSource where) const {
  write(spdlog::level::err, msg, {fields.begin(), fields.size()}, where);
}
void Logger::debugFields(std::string_view msg, std::span<const LogField> fields,
                         LogSource where) const {
  write(spdlog::level::debug, msg, fields, where);
}
void Logger::infoFields(std::string_view msg, std::span<const LogField> fields,
                        LogSource where) const {
  write(spdlog::level::info, msg, fields, where);
}
bool Logger::debugEnabled() const { return logger_->should_log(spdlog::level::debug); }
bool Logger::infoEnabled() const { return logger_->should_log(spdlog::level::info); }
const std::string& Logger::name() const { return logger_->name(); }

std::string LogField::numberText(double v) {
  if (!std::isfinite(v)) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

namespace {

// The last `parts` components of a path ("http-server/src/request_router.cc"),
// as Smee's slog handler cuts Go file names.
std::string_view lastPathParts(std::string_view path, int parts) {
  for (std::size_t at = path.size(); at-- > 0;) {
    if (path[at] == '/' && --parts == 0) return path.substr(at + 1);
  }
  return path;
}

// Smee's "source" object. __builtin_FUNCTION gives the unqualified name
// ("finish"), which is what a reader greps for beside the file and line.
std::string sourceObject(const LogSource& where) {
  std::string out = "\"source\":{\"function\":\"";
  out += jsonEscape(where.function ? where.function : "");
  out += "\",\"file\":\"";
  out += jsonEscape(lastPathParts(where.file ? where.file : "", 3));
  out += "\",\"line\":";
  out += std::to_string(where.line);
  out += "},";
  return out;
}

}  // namespace

void Logger::write(int level, std::string_view msg, std::span<const LogField> fields,
                   const LogSource& where) const {
  auto lvl = static_cast<spdlog::level::level_enum>(level);
  if (!logger_->should_log(lvl)) return;
  std::string line;
  if (LogSystem::format() == LogFormat::Json) {
    line = sourceObject(where);
    line += "\"msg\":\"" + jsonEscape(msg) + "\"";
    for (const auto& field : fields) {
      line += ",\"" + jsonEscape(field.key) + "\":";
      line +=
          field.kind == LogField::Kind::Text ? "\"" + jsonEscape(field.value) + "\"" : field.value;
    }
  } else {
    // One line per record, for journald and grep: a message with a control
    // character (a newline from a syslog body, say) is written escaped.
    line = hasControlCharacter(msg) ? jsonEscape(msg) : std::string(msg);
    for (const auto& field : fields) {
      line += ' ';
      line += field.key;
      line += '=';
      line += textQuoted(field.value);
    }
  }
  logger_->log(lvl, "{}", line);
}

}  // namespace smee
