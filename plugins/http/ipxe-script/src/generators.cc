#include "generators.h"

#include <sstream>

namespace smee::ipxe_script {
namespace {

std::string boolText(bool b) { return b ? "true" : "false"; }

// The retry blocks shared by the hook and static scripts: try the kernel,
// the initrd and the boot `retries + 1` times each, then give up cleanly.
void retryTail(std::ostringstream& s, const std::string& initrd_line) {
  s << "\n"
    << ":download_initrd\n"
    << "set idx:int32 0\n"
    << ":retry_initrd\n"
    << initrd_line
    << " && goto boot || iseq ${idx} ${retries} && goto initrd-error || inc idx && echo retry in "
       "${retry_delay} seconds ; sleep ${retry_delay} ; goto retry_initrd\n"
    << "\n"
    << ":boot\n"
    << "set idx:int32 0\n"
    << ":retry_boot\n"
    << "boot || iseq ${idx} ${retries} && goto boot-error || inc idx && echo retry in "
       "${retry_delay} seconds ; sleep ${retry_delay} ; goto retry_boot\n"
    << "\n"
    << ":kernel-error\n"
    << "echo Failed to load kernel\n"
    << "imgfree\n"
    << "exit\n"
    << "\n"
    << ":initrd-error\n"
    << "echo Failed to load initrd\n"
    << "imgfree\n"
    << "exit\n"
    << "\n"
    << ":boot-error\n"
    << "echo Failed to boot\n"
    << "imgfree\n"
    << "exit\n";
}

const char* kKernelRetry =
    " && goto download_initrd || iseq ${idx} ${retries} && goto kernel-error || inc idx && echo "
    "retry in ${retry_delay} seconds ; sleep ${retry_delay} ; goto retry_kernel\n";

}  // namespace

std::vector<std::string> splitKernelArgs(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string arg;
  while (in >> arg) out.push_back(arg);
  return out;
}

ScriptResult HookScript::render(const ScriptRequest& request) const {
  if (!request.hardware) return {false, "", "the hook script needs a hardware record"};
  const HardwareRecord& hw = *request.hardware;
  std::string arch = hw.dhcp.arch.empty() ? "x86_64" : hw.dhcp.arch;
  std::string url =
      hw.netboot.osie.base_url.empty() ? settings_.osie_url : hw.netboot.osie.base_url;
  std::string kernel = hw.netboot.osie.kernel.empty() ? "vmlinuz-${arch}" : hw.netboot.osie.kernel;
  std::string initrd =
      hw.netboot.osie.initrd.empty() ? "initramfs-${arch}" : hw.netboot.osie.initrd;
  std::string mac = request.mac.toString();
  std::ostringstream s;
  s << "#!ipxe\n\n"
    << "echo Loading the Tinkerbell Hook iPXE script...\n"
    // Smee echoes the trace id of a sampled request, so a console capture
    // leads to the trace.
    << (request.trace && request.trace->sampled()
            ? "echo Debug TraceID: " + request.trace->traceIdHex() + "\n"
            : std::string())
    << "\n"
    << "set arch " << arch << "\n"
    << "set download-url " << url << "\n"
    << "set kernel " << kernel << "\n"
    << "set initrd " << initrd << "\n"
    << "set retries:int32 " << settings_.retries << "\n"
    << "set retry_delay:int32 " << settings_.retry_delay << "\n\n"
    << "set idx:int32 0\n"
    << ":retry_kernel\n"
    << "kernel ${download-url}/${kernel}";
  if (!hw.dhcp.vlan_id.empty()) s << " vlan_id=" << hw.dhcp.vlan_id;
  for (const auto& arg : settings_.extra_kernel_args) s << " " << arg;
  s << " \\\n"
    << "facility=" << hw.netboot.facility << " syslog_host=" << settings_.syslog_host
    << " grpc_authority=" << settings_.tink_server
    << " tinkerbell_tls=" << boolText(settings_.tink_server_tls)
    << " tinkerbell_insecure_tls=" << boolText(settings_.tink_server_insecure_tls)
    << " worker_id=" << mac << " hw_addr=" << mac
    << " \\\n"
    // Smee writes initrd=initramfs-${arch} even when the initrd has another
    // name; smeed names the one it loads.
    << "modules=loop,squashfs,sd-mod,usb-storage intel_iommu=on iommu=pt initrd="
    << (hw.netboot.osie.initrd.empty() ? "initramfs-${arch}" : hw.netboot.osie.initrd)
    << " console=tty0 console=ttyS1,115200";
  // Other plugins' arguments for this machine (kernel-args hooks).
  if (!hooks_.empty()) {
    std::vector<std::string> added;
    for (const auto& hook : hooks_) hook->addKernelArgs(request, added);
    for (const auto& arg : added) s << " " << arg;
  }
  // The machine's own parameters come last, as in Tinkerbell's later Smee:
  // the kernel takes the last value of a repeated key, so a machine's
  // console= (or any other) overrides the defaults above.
  for (const auto& arg : hw.netboot.osie.kernel_params) s << " " << arg;
  s << kKernelRetry;
  retryTail(s, "initrd ${download-url}/${initrd}");
  return {true, s.str(), ""};
}

ScriptResult CustomScript::render(const ScriptRequest& request) const {
  if (!request.hardware) return {false, "", "the custom script needs a hardware record"};
  const NetbootRecord& nb = request.hardware->netboot;
  std::string body;
  if (!nb.ipxe_script_url.empty()) {
    if (nb.ipxe_script_url.rfind("http://", 0) != 0 &&
        nb.ipxe_script_url.rfind("https://", 0) != 0) {
      return {false, "", "ipxeScriptUrl must be an http or https URL: " + nb.ipxe_script_url};
    }
    body = "chain --autofree " + nb.ipxe_script_url;
  } else if (!nb.ipxe_script.empty()) {
    body = nb.ipxe_script;
  } else {
    return {false, "", "the hardware has neither ipxeScriptUrl nor ipxeScript"};
  }
  return {true, "#!ipxe\n\necho Loading custom Tinkerbell iPXE script...\n" + body + "\n", ""};
}

ScriptResult StaticScript::render(const ScriptRequest& /*request*/) const {
  std::string extra;
  for (const auto& arg : settings_.extra_kernel_args) extra += " " + arg;
  std::ostringstream s;
  s << "#!ipxe\n\n"
    << "echo Loading the static Tinkerbell iPXE script...\n\n"
    << "set arch ${buildarch}\n"
    << "# Tinkerbell only supports 64 bit archectures.\n"
    << "# The build architecture does not necessarily represent the architecture of the machine on "
       "which iPXE is running.\n"
    << "# https://ipxe.org/cfg/buildarch\n"
    << "iseq ${arch} i386 && set arch x86_64 ||\n"
    << "iseq ${arch} arm32 && set arch aarch64 ||\n"
    << "iseq ${arch} arm64 && set arch aarch64 ||\n"
    << "set download-url " << settings_.osie_url << "\n"
    << "set retries:int32 " << settings_.retries << "\n"
    << "set retry_delay:int32 " << settings_.retry_delay << "\n\n"
    << "set worker_id ${mac}\n"
    << "set grpc_authority " << settings_.tink_server << "\n"
    << "set syslog_host " << settings_.syslog_host << "\n"
    << "set tinkerbell_tls " << boolText(settings_.tink_server_tls) << "\n\n"
    << "echo worker_id=${mac}\n"
    << "echo grpc_authority=" << settings_.tink_server << "\n"
    << "echo syslog_host=" << settings_.syslog_host << "\n"
    << "echo tinkerbell_tls=" << boolText(settings_.tink_server_tls) << "\n\n"
    << "set idx:int32 0\n"
    << ":retry_kernel\n"
    << "kernel ${download-url}/vmlinuz-${arch} \\\n"
    << "syslog_host=${syslog_host} grpc_authority=${grpc_authority} "
       "tinkerbell_tls=${tinkerbell_tls} "
       "worker_id=${worker_id} hw_addr=${mac} \\\n"
    << "console=tty1 console=tty2 console=ttyAMA0,115200 console=ttyAMA1,115200 "
       "console=ttyS0,115200 "
       "console=ttyS1,115200"
    << extra << " \\\n"
    << "intel_iommu=on iommu=pt initrd=initramfs-${arch}" << kKernelRetry;
  retryTail(s, "initrd ${download-url}/initramfs-${arch}");
  return {true, s.str(), ""};
}

}  // namespace smee::ipxe_script
