#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace smee::backend_http::testing {

// fake_hardware_api.py on 127.0.0.1, killed by the destructor. `args` go on
// its command line (--hardware FILE, --token T); `certificate` names a
// certificate made by the kube tests' make_certs.sh ("server", "other-name",
// ...) to serve https, empty for plain http.
class FakeHardwareApi {
 public:
  explicit FakeHardwareApi(const std::vector<std::string>& args,
                           const std::string& certificate = "");
  ~FakeHardwareApi();
  FakeHardwareApi(const FakeHardwareApi&) = delete;
  FakeHardwareApi& operator=(const FakeHardwareApi&) = delete;

  std::string url() const {
    return std::string(https_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(api_port_);
  }

  // POSTs to the control port (/apply, /mode, /token).
  void control(const std::string& path, const std::string& body) const;
  void mode(const std::string& mode, double delay = 0) const;
  // Requests the API got: all of them, or those with this query string.
  std::int64_t requests() const;
  std::int64_t requests(const std::string& query) const;
  std::int64_t unauthorised() const;

 private:
  std::string stats() const;

  pid_t pid_ = -1;
  bool https_ = false;
  int api_port_ = 0;
  int control_port_ = 0;
};

// A Hardware object with one interface per (mac, ip) pair.
std::string hardwareObject(const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& interfaces);

}  // namespace smee::backend_http::testing
