#include "privileges.h"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "smee/errors.h"

namespace smee::app {
namespace {

std::string errnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

struct CapSets {
  __user_cap_header_struct header{};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
};

// The calling thread's capabilities (capget/capset act on one thread).
CapSets readCaps() {
  CapSets caps;
  caps.header.version = _LINUX_CAPABILITY_VERSION_3;
  caps.header.pid = 0;
  if (::syscall(SYS_capget, &caps.header, caps.data) != 0) throw Error(errnoText("capget"));
  return caps;
}

bool has(const __user_cap_data_struct* data, int cap, std::uint32_t __user_cap_data_struct::*set) {
  return (data[cap / 32].*set & (1u << (cap % 32))) != 0;
}

constexpr int kKept[] = {CAP_NET_BIND_SERVICE, CAP_NET_RAW};
const char* capName(int cap) { return cap == CAP_NET_RAW ? "cap_net_raw" : "cap_net_bind_service"; }

}  // namespace

ServiceUser lookupServiceUser(const std::string& name) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  int err = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (!found && err == 0 && !name.empty() &&
      name.find_first_not_of("0123456789") == std::string::npos) {
    err = ::getpwuid_r(static_cast<uid_t>(std::stoul(name)), &entry, buffer.data(), buffer.size(),
                       &found);
  }
  if (!found) {
    throw Error("unknown user '" + name + "'" +
                (err != 0 ? std::string(" (") + std::strerror(err) + ")"
                          : std::string(" (no such entry in the password database)")));
  }
  return {entry.pw_name, entry.pw_uid, entry.pw_gid};
}

void checkCanBecome(const ServiceUser& user) {
  uid_t uid = ::geteuid();
  if (uid == 0 || (uid == user.uid && ::getuid() == user.uid)) return;
  throw Error("smee.user is '" + user.name + "' (uid " + std::to_string(user.uid) +
              "), but smeed runs as uid " + std::to_string(uid) +
              ", not root: it cannot switch users (start it as root, or as '" + user.name +
              "' itself, or leave smee.user unset)");
}

std::string becomeServiceUser(const ServiceUser& user) {
  checkCanBecome(user);
  if (::geteuid() == user.uid && ::getuid() == user.uid) {
    return "unchanged (already running as " + user.name + ")";
  }

  CapSets before = readCaps();
  std::vector<int> kept;
  for (int cap : kKept) {
    if (has(before.data, cap, &__user_cap_data_struct::permitted)) kept.push_back(cap);
  }
  // Only this thread keeps its permitted set across setuid(); the others
  // were created without the flag and lose every capability.
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) throw Error(errnoText("prctl(PR_SET_KEEPCAPS)"));
  if (::initgroups(user.name.c_str(), user.gid) != 0) {
    throw Error(errnoText(("initgroups(" + user.name + ")").c_str()));
  }
  if (::setgid(user.gid) != 0) throw Error(errnoText("setgid"));
  if (::setuid(user.uid) != 0) throw Error(errnoText("setuid"));
  ::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  // Paranoia, as privilege-dropping daemons do: root must be out of reach.
  if (::getuid() != user.uid || ::geteuid() != user.uid || ::getgid() != user.gid ||
      ::getegid() != user.gid || ::setuid(0) == 0) {
    throw Error("switching to user '" + user.name + "' did not take effect");
  }

  CapSets after;
  after.header.version = _LINUX_CAPABILITY_VERSION_3;
  after.header.pid = 0;
  for (int cap : kept) {
    after.data[cap / 32].permitted |= 1u << (cap % 32);
    after.data[cap / 32].effective |= 1u << (cap % 32);
  }
  if (::syscall(SYS_capset, &after.header, after.data) != 0) throw Error(errnoText("capset"));

  std::string names;
  for (int cap : kept) names += (names.empty() ? "" : ",") + std::string(capName(cap));
  return names.empty() ? "none" : names;
}

}  // namespace smee::app
