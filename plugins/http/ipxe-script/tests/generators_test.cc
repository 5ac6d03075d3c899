#include "generators.h"

#include <gtest/gtest.h>

namespace smee::ipxe_script {
namespace {

ScriptSettings settings() {
  ScriptSettings s;
  s.osie_url = "http://192.0.2.5:8080/hook";
  s.tink_server = "192.0.2.5:42113";
  s.syslog_host = "192.0.2.5";
  s.retries = 1;
  s.retry_delay = 3;
  return s;
}

HardwareRecord machine() {
  HardwareRecord hw;
  hw.dhcp.mac = *MacAddress::parse("52:54:00:12:34:56");
  hw.dhcp.arch = "x86_64";
  hw.netboot.allow_pxe = true;
  hw.netboot.facility = "lab1";
  return hw;
}

const char* kRetryTail =
    "\n:download_initrd\nset idx:int32 0\n:retry_initrd\n"
    "initrd ${download-url}/${initrd} && goto boot || iseq ${idx} ${retries} && goto initrd-error "
    "|| "
    "inc idx && echo retry in ${retry_delay} seconds ; sleep ${retry_delay} ; goto retry_initrd\n"
    "\n:boot\nset idx:int32 0\n:retry_boot\n"
    "boot || iseq ${idx} ${retries} && goto boot-error || inc idx && echo retry in ${retry_delay} "
    "seconds ; sleep ${retry_delay} ; goto retry_boot\n"
    "\n:kernel-error\necho Failed to load kernel\nimgfree\nexit\n"
    "\n:initrd-error\necho Failed to load initrd\nimgfree\nexit\n"
    "\n:boot-error\necho Failed to boot\nimgfree\nexit\n";

TEST(HookScript, MatchesSmeesTemplateLineForLine) {
  auto hw = machine();
  hw.dhcp.vlan_id = "120";
  auto s = settings();
  s.extra_kernel_args = {"tink_worker_image=quay.io/tinkerbell/tink-worker:v0.10.0"};
  ScriptRequest request{&hw, hw.dhcp.mac};
  auto result = HookScript(s).render(request);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.script,
            std::string("#!ipxe\n\n"
                        "echo Loading the Tinkerbell Hook iPXE script...\n\n"
                        "set arch x86_64\n"
                        "set download-url http://192.0.2.5:8080/hook\n"
                        "set kernel vmlinuz-${arch}\n"
                        "set initrd initramfs-${arch}\n"
                        "set retries:int32 1\n"
                        "set retry_delay:int32 3\n\n"
                        "set idx:int32 0\n"
                        ":retry_kernel\n"
                        "kernel ${download-url}/${kernel} vlan_id=120 "
                        "tink_worker_image=quay.io/tinkerbell/tink-worker:v0.10.0 \\\n"
                        "facility=lab1 syslog_host=192.0.2.5 grpc_authority=192.0.2.5:42113 "
                        "tinkerbell_tls=false tinkerbell_insecure_tls=false "
                        "worker_id=52:54:00:12:34:56 hw_addr=52:54:00:12:34:56 \\\n"
                        "modules=loop,squashfs,sd-mod,usb-storage intel_iommu=on iommu=pt "
                        "initrd=initramfs-${arch} console=tty0 console=ttyS1,115200 && goto "
                        "download_initrd || iseq ${idx} ${retries} && goto kernel-error || inc idx "
                        "&& echo retry in ${retry_delay} seconds ; sleep ${retry_delay} ; goto "
                        "retry_kernel\n") +
                kRetryTail);
}

TEST(HookScript, HardwareOsieOverridesAndTheRealInitrdName) {
  auto hw = machine();
  hw.dhcp.arch = "aarch64";
  hw.netboot.osie = {"http://mirror.example.test/hook", "vmlinuz-custom", "initrd-custom", {"k=v"}};
  auto result = HookScript(settings()).render({&hw, hw.dhcp.mac});
  ASSERT_TRUE(result.ok);
  EXPECT_NE(
      result.script.find("set arch aarch64\nset download-url http://mirror.example.test/hook\n"
                         "set kernel vmlinuz-custom\nset initrd initrd-custom\n"),
      std::string::npos);
  EXPECT_NE(result.script.find("kernel ${download-url}/${kernel} \\\n"), std::string::npos);
  EXPECT_NE(result.script.find(" initrd=initrd-custom "), std::string::npos);
  EXPECT_NE(result.script.find("console=ttyS1,115200 k=v &&"), std::string::npos) << result.script;
}

TEST(HookScript, MachineKernelParamsComeLastSoTheyWinOnDuplicateKeys) {
  // A machine on a serial console other than the default's ttyS1, as in
  // Tinkerbell's Hardware examples (spec.interfaces[].netboot.osie).
  auto hw = machine();
  hw.netboot.osie.kernel_params = {"console=ttyS0,115200n8", "quiet"};
  auto result = HookScript(settings()).render({&hw, hw.dhcp.mac});
  ASSERT_TRUE(result.ok);
  const std::string& script = result.script;
  const auto defaults = script.find("console=tty0 console=ttyS1,115200");
  const auto own = script.find("console=ttyS0,115200n8 quiet");
  ASSERT_NE(defaults, std::string::npos) << script;
  ASSERT_NE(own, std::string::npos) << script;
  EXPECT_LT(defaults, own);  // the kernel takes the last console= it sees
  EXPECT_EQ(script.find("console=ttyS0", own + 1), std::string::npos);  // written once
}

TEST(CustomScript, ChainOrInlineAsSmee) {
  auto hw = machine();
  hw.netboot.ipxe_script_url = "https://boot.netboot.xyz";
  EXPECT_EQ(CustomScript().render({&hw, hw.dhcp.mac}).script,
            "#!ipxe\n\necho Loading custom Tinkerbell iPXE script...\nchain --autofree "
            "https://boot.netboot.xyz\n");
  hw.netboot.ipxe_script_url.clear();
  hw.netboot.ipxe_script = "echo hello\nshell";
  EXPECT_EQ(CustomScript().render({&hw, hw.dhcp.mac}).script,
            "#!ipxe\n\necho Loading custom Tinkerbell iPXE script...\necho hello\nshell\n");
  hw.netboot.ipxe_script.clear();
  hw.netboot.ipxe_script_url = "ftp://x/y";
  EXPECT_FALSE(CustomScript().render({&hw, hw.dhcp.mac}).ok);
}

TEST(StaticScript, HonoursRetriesAndWritesExtraArgumentsOnce) {
  auto s = settings();
  s.extra_kernel_args = {"a=1", "b=2"};
  auto result = StaticScript(s).render({nullptr, {}});
  ASSERT_TRUE(result.ok);
  const auto& text = result.script;
  EXPECT_NE(text.find("set retries:int32 1\nset retry_delay:int32 3\n"), std::string::npos);
  auto first = text.find(" a=1 b=2");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(text.find(" a=1 b=2", first + 1), std::string::npos);
  EXPECT_NE(text.find("set worker_id ${mac}\nset grpc_authority 192.0.2.5:42113\n"
                      "set syslog_host 192.0.2.5\nset tinkerbell_tls false\n"),
            std::string::npos);
  EXPECT_NE(text.find("initrd ${download-url}/initramfs-${arch} && goto boot"), std::string::npos);
}

TEST(ExtraKernelArgs, SplitOnSpaces) {
  EXPECT_EQ(splitKernelArgs(" a=1  b=2 "), (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_TRUE(splitKernelArgs("").empty());
}

}  // namespace
}  // namespace smee::ipxe_script
