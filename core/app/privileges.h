#pragma once

#include <sys/types.h>

#include <string>

// smee.user / --user: once every listener is bound, smeed gives up root.
namespace smee::app {

struct ServiceUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
};

// The password-database entry for `name` (a user name, or a numeric uid
// that has an entry). Throws smee::Error naming the user when there is none.
ServiceUser lookupServiceUser(const std::string& name);

// Throws smee::Error unless smeed can become `user`: it runs as root, or
// already runs as that user (then becomeServiceUser changes nothing).
void checkCanBecome(const ServiceUser& user);

// Sets the supplementary groups, the gid and the uid of every thread to
// `user`'s (glibc applies set*id to all threads). The calling thread keeps
// CAP_NET_BIND_SERVICE and CAP_NET_RAW, as far as it had them, and nothing
// else; every other thread keeps no capability at all (their sockets are
// bound already). Returns the kept capabilities as text ("cap_net_raw,
// cap_net_bind_service", or "none"). Throws smee::Error on any failure; the
// caller stops smeed then, never serving half-dropped.
std::string becomeServiceUser(const ServiceUser& user);

}  // namespace smee::app
