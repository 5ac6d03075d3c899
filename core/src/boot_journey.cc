// BootJourney's key function: its vtable and typeinfo live in
// libsmee_core.so, once, so the journey plugin and its callers share them.
#include "smee/services/boot_journey.h"

namespace smee {

BootJourney::~BootJourney() = default;

}  // namespace smee
