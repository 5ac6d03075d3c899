// libFuzzer harness for the hardware file reader: whatever bytes the file
// holds, parsing answers with an error or records, never a crash, and the
// packed index the file backend serves from answers every lookup exactly as
// the plain HardwareIndex over the same records does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hardware_index.h"
#include "hardware_parser.h"
#include "packed_hardware_index.h"
#include "record_compare.h"

using namespace smee;
using namespace smee::backend_file;

namespace {

void sameAnswer(const LookupResult& plain, const LookupResult& packed) {
  if (plain.status != packed.status) std::abort();
  if (plain.detail != packed.detail) std::abort();
  if (plain.found() && !testing::firstDifference(*plain.record, *packed.record).empty()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseOutcome outcome = parseHardwareDocument(text);
  PackedIndexBuilder builder;
  const ParseOutcome streamed = parseHardwareDocument(text, builder);
  if (outcome.ok() != streamed.ok()) std::abort();
  if (!outcome.ok()) {
    if (outcome.error->message.empty()) std::abort();  // an error always says why
    return 0;
  }
  if (outcome.problems.size() != streamed.problems.size()) std::abort();
  if (builder.recordCount() != outcome.records.size()) std::abort();
  const auto packed = builder.build("fuzz.yaml");
  std::vector<MacAddress> macs;
  std::vector<Ipv4Address> ips;
  for (const auto& record : outcome.records) {
    macs.push_back(record.dhcp.mac);
    if (record.dhcp.ip) ips.push_back(*record.dhcp.ip);
  }
  for (const auto& bad : outcome.malformed) {
    macs.push_back(bad.mac);
    if (bad.ip) ips.push_back(*bad.ip);
  }
  const HardwareIndex plain(std::move(outcome.records), outcome.malformed, "fuzz.yaml");
  for (const auto& mac : macs) sameAnswer(plain.byMac(mac), packed->byMac(mac));
  for (const auto& ip : ips) sameAnswer(plain.byIp(ip), packed->byIp(ip));
  sameAnswer(plain.byMac(MacAddress()), packed->byMac(MacAddress()));
  sameAnswer(plain.byIp(Ipv4Address()), packed->byIp(Ipv4Address()));
  return 0;
}
