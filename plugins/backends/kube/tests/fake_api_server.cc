#include "fake_api_server.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "json_reader.h"

namespace smee::backend_kube::testing {

namespace fs = std::filesystem;

namespace {

const std::string kTestDir = SMEE_KUBE_TEST_DIR;

struct CertDir {
  fs::path path;
  CertDir() {
    path = fs::temp_directory_path() / ("smee-kube-certs-" + std::to_string(::getpid()));
    const std::string command = "sh '" + kTestDir + "/make_certs.sh' '" + path.string() + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("make_certs.sh failed");
  }
  ~CertDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

pid_t startReadyServer(std::vector<std::string> argv, const std::string& what, int& api_port,
                       int& control_port) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    ::execvp(raw[0], raw.data());
    ::_exit(127);
  }
  ::close(out[1]);
  FILE* stream = ::fdopen(out[0], "r");
  char line[128] = {};
  const bool got = std::fgets(line, sizeof line, stream) != nullptr;
  std::fclose(stream);
  if (!got || std::sscanf(line, "ready %d %d", &api_port, &control_port) != 2) {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    throw std::runtime_error(what + " did not start: " + std::string(line));
  }
  return pid;
}

const fs::path& testCertificates() {
  static CertDir dir;
  return dir.path;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

FakeApiServer::FakeApiServer(const std::vector<std::string>& args, const std::string& certificate) {
  const fs::path certs = testCertificates();
  std::vector<std::string> argv = {"python3",     kTestDir + "/fake_kube_api.py",
                                   "--cert",      (certs / (certificate + ".crt")).string(),
                                   "--key",       (certs / (certificate + ".key")).string(),
                                   "--client-ca", (certs / "client-ca.crt").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = startReadyServer(std::move(argv), "fake API server", api_port_, control_port_);
}

FakeApiServer::~FakeApiServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

std::string FakeApiServer::control(const std::string& path, const std::string& body) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(control_port_));
  const bool get = path == "/stats";
  Poco::Net::HTTPRequest request(get ? "GET" : "POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!get) request.setContentLength(static_cast<std::streamsize>(body.size()));
  std::ostream& out = session.sendRequest(request);
  if (!get) out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::ostringstream reply;
  reply << in.rdbuf();
  return reply.str();
}

std::int64_t FakeApiServer::stat(const std::string& name) const {
  const auto stats = parseJsonObject(control("/stats"));
  return integerMember(*stats, name, name).value_or(0);
}

std::string FakeApiServer::lastRequest(const std::string& which, const std::string& field) const {
  const auto stats = parseJsonObject(control("/stats"));
  const auto last = objectMember(*stats, which, which);
  if (!last) return {};
  return stringMember(*last, field, which + "." + field).value_or("");
}

}  // namespace smee::backend_kube::testing
