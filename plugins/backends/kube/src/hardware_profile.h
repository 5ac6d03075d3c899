#pragma once

#include <string>

#include "smee/services/backend.h"

namespace smee::backend_kube {

// A record's profile: everything but its MAC, IP and hostname (and the
// object name unless `own_name`), the part most machines of a fleet share.
// profileKey() is its identity, profileOf() the record the store copies a
// lookup's answer from. Both must cover every field of HardwareRecord: a
// field left out would be taken from another machine with the same key.
std::string profileKey(const HardwareRecord& record, bool own_name);
HardwareRecord profileOf(const HardwareRecord& record, bool own_name);

}  // namespace smee::backend_kube
