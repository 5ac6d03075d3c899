#include "token_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace smee::backend_http {

namespace {

// A token file holds one line; more than this is not a token.
constexpr std::size_t kMaxTokenBytes = std::size_t{16} * 1024;

std::string trimmed(const std::string& text) {
  const char* space = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(space) - begin + 1);
}

}  // namespace

bool TokenFile::Stamp::operator==(const Stamp& other) const {
  return inode == other.inode && size == other.size && modified.tv_sec == other.modified.tv_sec &&
         modified.tv_nsec == other.modified.tv_nsec;
}

TokenFile::TokenFile(std::filesystem::path path) : path_(std::move(path)) {}

std::optional<TokenFile::Stamp> TokenFile::stampOf(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;  // stat follows the Secret's symlink
  return Stamp{info.st_ino, info.st_size, info.st_mtim};
}

std::optional<std::string> TokenFile::readToken(std::string& error) const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    error = "cannot read token file " + path_.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string content(kMaxTokenBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxTokenBytes) {
    error = "token file " + path_.string() + " is larger than 16 KiB";
    return std::nullopt;
  }
  std::string token = trimmed(content);
  if (token.empty()) {
    error = "token file " + path_.string() + " is empty";
    return std::nullopt;
  }
  // The token goes into a header line: a line break inside would split it.
  if (token.find_first_of("\r\n") != std::string::npos) {
    error = "token file " + path_.string() + " holds more than one line";
    return std::nullopt;
  }
  return token;
}

void TokenFile::load() {
  std::lock_guard lock(mutex_);
  std::string error;
  const auto stamp = stampOf(path_);
  auto token = readToken(error);
  if (!token) throw std::runtime_error(error);
  token_ = std::move(*token);
  stamp_ = stamp;
  forced_ = false;
}

std::string TokenFile::current(std::string& problem) {
  std::lock_guard lock(mutex_);
  const auto stamp = stampOf(path_);
  if (!forced_ && stamp && stamp_ && *stamp == *stamp_) return token_;
  std::string error;
  if (auto token = readToken(error)) {
    token_ = std::move(*token);
    stamp_ = stamp;
    forced_ = false;
  } else {
    problem = error + "; the previous token is used";
  }
  return token_;
}

void TokenFile::reload() {
  std::lock_guard lock(mutex_);
  forced_ = true;
}

}  // namespace smee::backend_http
