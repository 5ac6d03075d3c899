#include "kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "base64_data.h"

namespace smee::backend_kube {

namespace fs = std::filesystem;

namespace {

// A named entry of `clusters:`, `users:` or `contexts:`, with the file it
// came from (relative paths inside resolve against that file's folder).
struct Named {
  YAML::Node body;
  fs::path file;
};

std::string describe(const fs::path& file) { return file.string(); }

std::string scalar(const YAML::Node& map, const char* key, const fs::path& file,
                   const std::string& where) {
  if (!map.IsMap()) return {};
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) return {};
  if (!value.IsScalar()) {
    throw KubeconfigError(describe(file) + ": " + where + "." + key + ": expected a string");
  }
  return value.Scalar();
}

bool flag(const YAML::Node& map, const char* key, const fs::path& file, const std::string& where) {
  const std::string text = scalar(map, key, file, where);
  if (text.empty()) return false;
  if (text == "true") return true;
  if (text == "false") return false;
  throw KubeconfigError(describe(file) + ": " + where + "." + key +
                        ": expected true or false, found \"" + text + "\"");
}

void collect(const YAML::Node& root, const char* list, const char* body_key, const fs::path& file,
             std::map<std::string, Named>& into) {
  const YAML::Node entries = root[list];
  if (!entries.IsDefined() || entries.IsNull()) return;
  if (!entries.IsSequence())
    throw KubeconfigError(describe(file) + ": " + list + ": expected a list");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string where = std::string(list) + "[" + std::to_string(i) + "]";
    const std::string name = scalar(entries[i], "name", file, where);
    if (name.empty()) throw KubeconfigError(describe(file) + ": " + where + ": has no name");
    into.emplace(name, Named{entries[i][body_key], file});  // first file wins, as client-go
  }
}

fs::path resolve(const std::string& path, const fs::path& file) {
  fs::path p(path);
  return p.is_relative() ? file.parent_path() / p : p;
}

// `*-data` wins over the file, as in client-go.
std::string fileOrData(const YAML::Node& body, const char* file_key, const char* data_key,
                       const Named& owner, const std::string& where) {
  const std::string data = scalar(body, data_key, owner.file, where);
  if (!data.empty()) {
    return decodeBase64(data, describe(owner.file) + ": " + where + "." + data_key);
  }
  const std::string path = scalar(body, file_key, owner.file, where);
  if (path.empty()) return {};
  return readTextFile(resolve(path, owner.file), where + "." + file_key);
}

std::string trimmedServer(std::string server) {
  while (!server.empty() && server.back() == '/') server.pop_back();
  return server;
}

}  // namespace

std::string readTextFile(const fs::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw KubeconfigError(std::string(what) + ": cannot read " + path.string());
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

namespace {

// Every file's clusters, users and contexts, the first file's entry winning
// a name, and the first current-context set, as client-go merges them.
struct MergedKubeconfig {
  std::map<std::string, Named> clusters, users, contexts;
  std::string current;
};

YAML::Node parseKubeconfig(const KubeconfigFile& file) {
  try {
    return YAML::Load(file.text);
  } catch (const YAML::Exception& e) {
    throw KubeconfigError(describe(file.path) + ":" + std::to_string(e.mark.line + 1) + ":" +
                          std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
  }
}

MergedKubeconfig mergeKubeconfigs(const std::vector<KubeconfigFile>& files) {
  MergedKubeconfig merged;
  for (const KubeconfigFile& file : files) {
    const YAML::Node root = parseKubeconfig(file);
    if (root.IsNull()) continue;
    if (!root.IsMap())
      throw KubeconfigError(describe(file.path) + ": expected a kubeconfig mapping");
    collect(root, "clusters", "cluster", file.path, merged.clusters);
    collect(root, "users", "user", file.path, merged.users);
    collect(root, "contexts", "context", file.path, merged.contexts);
    if (merged.current.empty()) merged.current = scalar(root, "current-context", file.path, "");
  }
  return merged;
}

std::string joinedPaths(const std::vector<KubeconfigFile>& files) {
  std::string all;
  for (const KubeconfigFile& f : files) all += (all.empty() ? "" : ":") + f.path.string();
  return all;
}

void readCluster(const Named& c, const std::string& cluster_name, ApiAccess& access) {
  const std::string cluster_where = "clusters[" + cluster_name + "]";
  access.server = trimmedServer(scalar(c.body, "server", c.file, cluster_where));
  access.insecure_skip_tls_verify = flag(c.body, "insecure-skip-tls-verify", c.file, cluster_where);
  access.ca_pem =
      fileOrData(c.body, "certificate-authority", "certificate-authority-data", c, cluster_where);
}

// Only credentials smeed can present itself: a token, a token file or a
// client certificate; plugins and basic auth are refused by name.
void readUser(const Named& u, const std::string& user_name, ApiAccess& access) {
  const std::string user_where = "users[" + user_name + "]";
  if (u.body.IsMap() && (u.body["exec"].IsDefined() || u.body["auth-provider"].IsDefined())) {
    throw KubeconfigError(describe(u.file) + ": " + user_where +
                          ": exec and auth-provider credential plugins are not supported; "
                          "use a token, a token file or a client certificate");
  }
  if (!scalar(u.body, "username", u.file, user_where).empty()) {
    throw KubeconfigError(describe(u.file) + ": " + user_where +
                          ": basic authentication (username/password) is not supported");
  }
  access.client_cert_pem =
      fileOrData(u.body, "client-certificate", "client-certificate-data", u, user_where);
  access.client_key_pem = fileOrData(u.body, "client-key", "client-key-data", u, user_where);
  if (access.client_cert_pem.empty() != access.client_key_pem.empty()) {
    throw KubeconfigError(describe(u.file) + ": " + user_where +
                          ": a client certificate needs both the certificate and the key");
  }
  access.token = scalar(u.body, "token", u.file, user_where);
  const std::string token_file = scalar(u.body, "tokenFile", u.file, user_where);
  if (!token_file.empty()) access.token_file = resolve(token_file, u.file);
}

}  // namespace

ApiAccess accessFromKubeconfigs(const std::vector<KubeconfigFile>& files) {
  const MergedKubeconfig merged = mergeKubeconfigs(files);
  const std::string& current = merged.current;
  const std::string names = joinedPaths(files);
  if (current.empty()) throw KubeconfigError(names + ": no current-context is set");
  const auto context = merged.contexts.find(current);
  if (context == merged.contexts.end()) {
    throw KubeconfigError(names + ": current-context \"" + current +
                          "\" is not among the contexts");
  }
  const std::string where = "contexts[" + current + "]";
  const std::string cluster_name =
      scalar(context->second.body, "cluster", context->second.file, where);
  const std::string user_name = scalar(context->second.body, "user", context->second.file, where);
  const auto cluster = merged.clusters.find(cluster_name);
  if (cluster == merged.clusters.end()) {
    throw KubeconfigError(names + ": context \"" + current + "\" names cluster \"" + cluster_name +
                          "\", which is not defined");
  }

  ApiAccess access;
  access.origin = "kubeconfig " + names + " context " + current;
  access.namespace_ = scalar(context->second.body, "namespace", context->second.file, where);
  readCluster(cluster->second, cluster_name, access);
  if (!user_name.empty()) {
    const auto user = merged.users.find(user_name);
    if (user == merged.users.end()) {
      throw KubeconfigError(names + ": context \"" + current + "\" names user \"" + user_name +
                            "\", which is not defined");
    }
    readUser(user->second, user_name, access);
  }
  return access;
}

ApiAccess inClusterAccess(const fs::path& service_account_dir, const EnvLookup& env) {
  const char* host = env("KUBERNETES_SERVICE_HOST");
  const char* port = env("KUBERNETES_SERVICE_PORT");
  if (host == nullptr || *host == '\0' || port == nullptr || *port == '\0') {
    throw KubeconfigError("not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set");
  }
  ApiAccess access;
  const std::string h(host);
  // An IPv6 service address needs brackets in a URL.
  access.server = "https://" + (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + port;
  access.token_file = service_account_dir / "token";
  access.ca_pem = readTextFile(service_account_dir / "ca.crt", "in-cluster CA");
  currentToken(access);  // fail now, not on the first request
  std::error_code ec;
  if (fs::exists(service_account_dir / "namespace", ec)) {
    access.namespace_ = readTextFile(service_account_dir / "namespace", "in-cluster namespace");
    while (!access.namespace_.empty() &&
           std::isspace(static_cast<unsigned char>(access.namespace_.back()))) {
      access.namespace_.pop_back();
    }
  }
  access.origin = "in-cluster service account " + service_account_dir.string();
  return access;
}

std::string currentToken(const ApiAccess& access) {
  if (access.token_file.empty()) return access.token;
  std::string token = readTextFile(access.token_file, "bearer token file");
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  if (token.empty())
    throw KubeconfigError("bearer token file " + access.token_file.string() + " is empty");
  return token;
}

ApiAccess loadApiAccess(const AccessRequest& request, const EnvLookup& env) {
  std::vector<KubeconfigFile> files;
  std::error_code ec;
  if (!request.explicit_path.empty()) {
    files.push_back({request.explicit_path, readTextFile(request.explicit_path, "kubeconfig")});
  } else if (const char* list = env("KUBECONFIG"); list != nullptr && *list != '\0') {
    std::stringstream paths(list);
    std::string path;
    while (std::getline(paths, path, ':')) {
      if (path.empty() || !fs::exists(path, ec)) continue;  // client-go skips missing entries
      files.push_back({path, readTextFile(path, "kubeconfig")});
    }
  } else {
    fs::path home = request.home;
    if (home.empty()) {
      if (const char* h = env("HOME"); h != nullptr) home = h;
    }
    const fs::path default_file = home / ".kube" / "config";
    if (!home.empty() && fs::exists(default_file, ec)) {
      files.push_back({default_file, readTextFile(default_file, "kubeconfig")});
    }
  }

  ApiAccess access;
  if (!files.empty()) {
    access = accessFromKubeconfigs(files);
  } else {
    try {
      access = inClusterAccess(request.service_account_dir, env);
    } catch (const KubeconfigError& e) {
      if (request.api_override.empty()) {
        throw KubeconfigError(
            std::string("no kubeconfig found ($KUBECONFIG unset or naming no file, no "
                        "~/.kube/config) and ") +
            e.what());
      }
      // Only an API URL: talk to it without credentials (kubectl proxy).
      access.origin = "api URL only";
    }
  }
  if (!request.api_override.empty()) access.server = trimmedServer(request.api_override);
  if (access.server.empty())
    throw KubeconfigError(access.origin + ": the cluster has no server URL");
  if (access.server.rfind("https://", 0) != 0 && access.server.rfind("http://", 0) != 0) {
    throw KubeconfigError(access.origin + ": server \"" + access.server +
                          "\" is not an http:// or https:// URL");
  }
  return access;
}

}  // namespace smee::backend_kube
