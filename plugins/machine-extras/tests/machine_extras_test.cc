#include <gtest/gtest.h>

#include <map>

#include "dhcp_option_hook.h"
#include "kernel_args_adder.h"

namespace smee::machine_extras {
namespace {

// The backend the hooks read: two machines in memory.
class TwoMachines final : public BackendReader {
 public:
  TwoMachines() {
    add("52:54:00:00:00:01", "lab-1", "rack1-node1");
    add("52:54:00:00:00:02", "lab-2", "rack2-node1");
  }
  LookupResult byMac(const MacAddress& mac) const override {
    auto it = machines_.find(mac);
    if (it == machines_.end()) return {};
    return {LookupStatus::Found, it->second, {}};
  }
  LookupResult byIp(Ipv4Address) const override { return {}; }
  bool ready() const override { return true; }
  const HardwareRecord& machine(const char* mac) const {
    return *machines_.at(*MacAddress::parse(mac));
  }

 private:
  void add(const char* mac, const char* facility, const char* hostname) {
    auto record = std::make_shared<HardwareRecord>();
    record->dhcp.mac = *MacAddress::parse(mac);
    record->dhcp.hostname = hostname;
    record->netboot.facility = facility;
    machines_[record->dhcp.mac] = record;
  }
  std::map<MacAddress, std::shared_ptr<const HardwareRecord>> machines_;
};

dhcp4::Packet requestFrom(const char* mac) {
  dhcp4::Packet request;
  request.setMac(*MacAddress::parse(mac));
  return request;
}

dhcp4::Packet replyWithMask() {
  dhcp4::Packet reply;
  reply.options.setIpv4(1, *Ipv4Address::parse("255.255.255.0"));
  return reply;
}

TEST(DhcpOptionHook, AddsTheOptionToTheSelectedMachinesOnly) {
  DhcpOptionHook hook({HardwareField::Facility, "lab-1"}, 224, "rack=r1",
                      std::make_shared<TwoMachines>());
  DhcpRequestContext context;
  dhcp4::Packet selected = replyWithMask();
  hook.onReply(requestFrom("52:54:00:00:00:01"), context, selected);
  EXPECT_EQ(selected.options.text(224), "rack=r1");
  EXPECT_EQ(selected.options.ipv4(1),
            Ipv4Address::parse("255.255.255.0"));  // the mode's options stay

  dhcp4::Packet other = replyWithMask();
  hook.onReply(requestFrom("52:54:00:00:00:02"), context, other);
  EXPECT_FALSE(other.options.has(224));

  dhcp4::Packet unknown = replyWithMask();
  hook.onReply(requestFrom("52:54:00:00:00:99"), context, unknown);
  EXPECT_FALSE(unknown.options.has(224));
}

TEST(DhcpOptionHook, ComparesTheConfiguredField) {
  DhcpOptionHook hook({HardwareField::Hostname, "rack2-node1"}, 250, "x",
                      std::make_shared<TwoMachines>());
  DhcpRequestContext context;
  dhcp4::Packet first = replyWithMask(), second = replyWithMask();
  hook.onReply(requestFrom("52:54:00:00:00:01"), context, first);
  hook.onReply(requestFrom("52:54:00:00:00:02"), context, second);
  EXPECT_FALSE(first.options.has(250));
  EXPECT_EQ(second.options.text(250), "x");
}

TEST(KernelArgsAdder, AddsArgumentsForTheSelectedMachinesOnly) {
  TwoMachines machines;
  KernelArgsAdder adder({HardwareField::Facility, "lab-1"}, {"rd.debug", "console=ttyS0,115200"});
  std::vector<std::string> args{"already=there"};
  adder.addKernelArgs({&machines.machine("52:54:00:00:00:01"), {}, {}}, args);
  EXPECT_EQ(args, (std::vector<std::string>{"already=there", "rd.debug", "console=ttyS0,115200"}));
  std::vector<std::string> none;
  adder.addKernelArgs({&machines.machine("52:54:00:00:00:02"), {}, {}}, none);
  adder.addKernelArgs({nullptr, {}, {}}, none);  // the static script's unknown machine
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace smee::machine_extras
