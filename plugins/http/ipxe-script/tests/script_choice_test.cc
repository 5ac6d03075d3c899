#include "script_choice.h"

#include <gtest/gtest.h>

namespace smee::ipxe_script {
namespace {

// What the HTTP plugin used to decide itself: the hardware's own script
// (by URL or inline) wins over the hook script; no record means static.
TEST(ScriptChoice, CustomWhenTheRecordHasItsOwnScriptHookOtherwiseStaticWithoutOne) {
  HardwareRecord hw;
  hw.dhcp.mac = *MacAddress::parse("52:54:00:12:34:56");
  hw.netboot.allow_pxe = true;
  ScriptChoice choice;
  EXPECT_EQ(choice.render({&hw, hw.dhcp.mac}).script, "hook");
  hw.netboot.ipxe_script_url = "https://boot.netboot.xyz";
  EXPECT_EQ(choice.render({&hw, hw.dhcp.mac}).script, "custom");
  hw.netboot.ipxe_script_url.clear();
  hw.netboot.ipxe_script = "echo hello";
  EXPECT_EQ(choice.render({&hw, hw.dhcp.mac}).script, "custom");
  ScriptResult unknown = choice.render({nullptr, hw.dhcp.mac});
  EXPECT_TRUE(unknown.ok);
  EXPECT_EQ(unknown.script, "static");
}

}  // namespace
}  // namespace smee::ipxe_script
