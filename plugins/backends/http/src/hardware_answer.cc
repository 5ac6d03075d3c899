#include "hardware_answer.h"

#include <memory>
#include <unordered_set>

#include "hardware_decoder.h"

namespace smee::backend_http {

namespace {

using backend_kube::DecodedObject;

// Every key the object answers, first interface first (one object naming a
// MAC or IP twice answers with its first interface, as the kube backend does).
std::vector<std::pair<LookupKey, LookupResult>> answersOf(const DecodedObject& object) {
  std::vector<std::pair<LookupKey, LookupResult>> out;
  std::unordered_set<std::string> seen;
  auto add = [&](LookupKey key, LookupResult result) {
    if (seen.insert(key.query).second) out.emplace_back(std::move(key), std::move(result));
  };
  for (const HardwareRecord& record : object.records) {
    auto shared = std::make_shared<const HardwareRecord>(record);
    add(LookupKey::of(record.dhcp.mac), {LookupStatus::Found, shared, ""});
    if (record.dhcp.ip) add(LookupKey::of(*record.dhcp.ip), {LookupStatus::Found, shared, ""});
  }
  for (const backend_file::MalformedRecord& bad : object.malformed) {
    const std::string detail = "hardware " + object.key + ": " + bad.reason;
    add(LookupKey::of(bad.mac), {LookupStatus::Malformed, nullptr, detail});
    if (bad.ip) add(LookupKey::of(*bad.ip), {LookupStatus::Malformed, nullptr, detail});
  }
  return out;
}

}  // namespace

HardwareAnswer answerFromBody(const LookupKey& asked, std::string_view body) {
  HardwareAnswer answer;
  std::string error;
  const std::optional<DecodedObject> object = backend_kube::decodeHardware(body, error);
  if (!object) {
    answer.error = error.empty() ? "not a Hardware object" : error;
    return answer;
  }
  answer.object = object->key;
  auto answers = answersOf(*object);
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    if (it->first != asked) continue;
    answer.usable = true;
    answer.asked = std::move(it->second);
    answers.erase(it);
    answer.others = std::move(answers);
    return answer;
  }
  // The API answered another machine (or one whose interfaces have no
  // usable MAC): trusting any of it would serve the wrong machine.
  answer.error = "hardware " + object->key + " has no interface with " + asked.query;
  for (const backend_file::RecordProblem& problem : object->problems) {
    answer.error += "; " + problem.field + ": " + problem.message;
    break;  // the first says enough for a log line
  }
  return answer;
}

}  // namespace smee::backend_http
