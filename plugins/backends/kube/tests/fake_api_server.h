#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace smee::backend_kube::testing {

// Certificates made once per test binary by make_certs.sh (openssl CLI):
// ca.crt/server.crt for the server, client.crt/client.key signed by
// client-ca.crt, other-ca.crt that signed nothing, and other-name.crt,
// ip-only.crt, cn-only.crt (signed by ca.crt, for the host-name checks).
const std::filesystem::path& testCertificates();

// Starts a test server (argv[0] is its program) that prints "ready <api
// port> <control port>" on stdout once it listens; returns its pid, for
// SIGTERM at the end. Throws with `what` and the line it printed if not.
pid_t startReadyServer(std::vector<std::string> argv, const std::string& what, int& api_port,
                       int& control_port);

// fake_kube_api.py, started on 127.0.0.1 with TLS; killed by the destructor.
class FakeApiServer {
 public:
  // `args` are added to the command line (--token T, --objects FILE, ...).
  // `certificate` names the server's certificate among testCertificates()
  // ("server", or "other-name", "ip-only", "cn-only" for the name checks).
  explicit FakeApiServer(const std::vector<std::string>& args,
                         const std::string& certificate = "server");
  ~FakeApiServer();
  FakeApiServer(const FakeApiServer&) = delete;
  FakeApiServer& operator=(const FakeApiServer&) = delete;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(api_port_); }
  int apiPort() const { return api_port_; }
  int controlPort() const { return control_port_; }

  // POSTs `body` to the control port; returns the reply body.
  std::string control(const std::string& path, const std::string& body = "{}") const;
  // An integer counter of GET /stats ("lists", "watches", "gone", ...).
  std::int64_t stat(const std::string& name) const;
  // A string field of stats.last_watch / stats.last_list.
  std::string lastRequest(const std::string& which, const std::string& field) const;

 private:
  pid_t pid_ = -1;
  int api_port_ = 0;
  int control_port_ = 0;
};

std::string readFile(const std::filesystem::path& path);

}  // namespace smee::backend_kube::testing
