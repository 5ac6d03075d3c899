#include "boot_settings.h"

namespace smee::dhcp {
namespace {

// Splits "scheme://authority/path?query" into the part before the path and
// the path (query and fragment stay with the path).
void splitUrl(const std::string& url, std::string& head, std::string& path) {
  auto scheme_end = url.find("://");
  auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path_start == std::string::npos) {
    head = url;
    path.clear();
  } else {
    head = url.substr(0, path_start);
    path = url.substr(path_start);
  }
}

}  // namespace

std::string prependMac(const std::string& url, const MacAddress& mac) {
  std::string head, path;
  splitUrl(url, head, path);
  std::string suffix;
  if (auto q = path.find_first_of("?#"); q != std::string::npos) {
    suffix = path.substr(q);
    path.resize(q);
  }
  if (path.empty()) return head + "/" + mac.toString() + suffix;
  auto last = path.rfind('/');
  return head + path.substr(0, last + 1) + mac.toString() + "/" + path.substr(last + 1) + suffix;
}

std::string scriptUrlFor(const BootSettings& settings, const MacAddress& mac,
                         const std::string& hardware_url) {
  if (!hardware_url.empty()) return hardware_url;
  if (settings.script_url.empty()) return {};
  return settings.script_prepend_mac ? prependMac(settings.script_url, mac) : settings.script_url;
}

std::string httpBinaryBase(const BootSettings& settings) {
  std::string path = settings.http_binary_path;
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  if (path.back() != '/') path.push_back('/');
  return settings.http_binary_scheme + "://" + settings.http_binary_host + ":" +
         std::to_string(settings.http_binary_port) + path;
}

std::string composeScriptUrl(const std::string& scheme, const std::string& host, std::uint16_t port,
                             const std::string& path) {
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  std::string p = path.empty() || path.front() == '/' ? path : "/" + path;
  return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port)) + p;
}

}  // namespace smee::dhcp
