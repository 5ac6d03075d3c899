#include "fake_hardware_api.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "fake_api_server.h"
#include "json_reader.h"

namespace smee::backend_http::testing {

namespace kube_testing = backend_kube::testing;

namespace {

const std::string kTestDir = SMEE_HTTP_TEST_DIR;

std::string exchange(int port, const std::string& method, const std::string& path,
                     const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (method == "POST") request.setContentLength(static_cast<std::streamsize>(body.size()));
  std::ostream& out = session.sendRequest(request);
  if (method == "POST") out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::ostringstream reply;
  reply << in.rdbuf();
  return reply.str();
}

}  // namespace

FakeHardwareApi::FakeHardwareApi(const std::vector<std::string>& args,
                                 const std::string& certificate)
    : https_(!certificate.empty()) {
  std::vector<std::string> argv = {"python3", kTestDir + "/fake_hardware_api.py"};
  if (https_) {
    // The Kubernetes backend's test certificates: a CA and server
    // certificates for 127.0.0.1 and for other names, all signed by it.
    const auto& certs = backend_kube::testing::testCertificates();
    argv.insert(argv.end(), {"--cert", (certs / (certificate + ".crt")).string(), "--key",
                             (certs / (certificate + ".key")).string()});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = kube_testing::startReadyServer(std::move(argv), "fake hardware API", api_port_,
                                        control_port_);
}

FakeHardwareApi::~FakeHardwareApi() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void FakeHardwareApi::control(const std::string& path, const std::string& body) const {
  exchange(control_port_, "POST", path, body);
}

void FakeHardwareApi::mode(const std::string& mode, double delay) const {
  control("/mode", R"({"mode": ")" + mode + R"(", "delay": )" + std::to_string(delay) + "}");
}

std::string FakeHardwareApi::stats() const { return exchange(control_port_, "GET", "/stats", ""); }

std::int64_t FakeHardwareApi::requests() const {
  const auto json = backend_kube::parseJsonObject(stats());
  return backend_kube::integerMember(*json, "requests", "requests").value_or(0);
}

std::int64_t FakeHardwareApi::requests(const std::string& query) const {
  const auto json = backend_kube::parseJsonObject(stats());
  const auto by_query = backend_kube::objectMember(*json, "by_query", "by_query");
  if (!by_query) return 0;
  return backend_kube::integerMember(*by_query, query, query).value_or(0);
}

std::int64_t FakeHardwareApi::unauthorised() const {
  const auto json = backend_kube::parseJsonObject(stats());
  return backend_kube::integerMember(*json, "unauthorised", "unauthorised").value_or(0);
}

std::string hardwareObject(const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& interfaces) {
  std::string list;
  for (const auto& [mac, ip] : interfaces) {
    if (!list.empty()) list += ",";
    list.append(R"({"dhcp":{"mac":")").append(mac).append(R"(","hostname":")").append(name);
    list.append(R"(","arch":"x86_64","lease_time":86400,"ip":{"address":")").append(ip);
    list.append(
        R"(","netmask":"255.255.255.0","gateway":"192.0.2.1"}},"netboot":{"allowPXE":true}})");
  }
  return R"({"apiVersion":"tinkerbell.org/v1alpha1","kind":"Hardware","metadata":{"name":")" +
         name + R"(","namespace":"tink-system"},"spec":{"interfaces":[)" + list +
         R"(],"metadata":{"facility":{"facility_code":"onprem"}}}})";
}

}  // namespace smee::backend_http::testing
