#pragma once

#include <map>
#include <memory>

#include "smee/services/backend.h"

namespace smee::dhcp {

// An in-memory backend for handler tests.
class TestBackend final : public BackendReader {
 public:
  HardwareRecord& add(const std::string& mac);
  LookupResult byMac(const MacAddress& mac) const override;
  LookupResult byIp(Ipv4Address ip) const override;
  bool ready() const override { return true; }
  LookupStatus failure = LookupStatus::NotFound;  // what a miss reports

 private:
  std::map<MacAddress, std::shared_ptr<HardwareRecord>> records_;
};

// The record of spec 2.5's worked example.
HardwareRecord& addGoldenRecord(TestBackend& backend, const std::string& mac);

}  // namespace smee::dhcp
