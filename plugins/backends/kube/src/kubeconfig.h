#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smee::backend_kube {

// How to reach and authenticate to the API server: what client-go's loading
// rules produce, reduced to what a read-only watcher needs.
struct ApiAccess {
  std::string server;  // "https://10.0.0.1:6443", no trailing slash
  std::string ca_pem;  // trusted CAs (file or data); empty: the system's store
  bool insecure_skip_tls_verify = false;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string token;                 // a fixed bearer token
  std::filesystem::path token_file;  // re-read on every request (rotation)
  std::string namespace_;            // the context's namespace, if any
  std::string origin;                // "kubeconfig /root/.kube/config context kind", "in-cluster"
};

// A kubeconfig or service-account problem, with the file it is about.
class KubeconfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using EnvLookup = std::function<const char*(const char*)>;

struct AccessRequest {
  std::filesystem::path explicit_path;  // -backend-kube-config: only this file
  std::string api_override;             // -backend-kube-api: replaces the server URL
  std::filesystem::path home;           // for ~/.kube/config; empty: $HOME
  std::filesystem::path service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

// client-go's rules: the explicit file; else $KUBECONFIG (a ':'-separated
// list, merged, the first file to name an entry wins); else ~/.kube/config;
// else the in-cluster service account. Throws KubeconfigError.
ApiAccess loadApiAccess(const AccessRequest& request, const EnvLookup& env);

// One or more kubeconfig documents already read, merged in order; relative
// file paths resolve against the folder of the file that names them.
struct KubeconfigFile {
  std::filesystem::path path;
  std::string text;
};
ApiAccess accessFromKubeconfigs(const std::vector<KubeconfigFile>& files);

// The pod's service account: KUBERNETES_SERVICE_HOST/PORT, token, ca.crt,
// namespace.
ApiAccess inClusterAccess(const std::filesystem::path& service_account_dir, const EnvLookup& env);

// The bearer token to send now: the token file's current content when there
// is one (kubelet rotates it), else the fixed token. Throws KubeconfigError.
std::string currentToken(const ApiAccess& access);

std::string readTextFile(const std::filesystem::path& path, std::string_view what);

}  // namespace smee::backend_kube
