#pragma once

#include <string>

#include "smee/services/backend.h"

namespace smee::machine_extras {

// Which field of a machine's hardware record selects it.
enum class HardwareField { Facility, VlanId, Arch, Hostname };

// "The machines whose <field> is <value>".
struct MachineSelector {
  HardwareField field = HardwareField::Facility;
  std::string equals;
  bool selects(const HardwareRecord& machine) const;
};

}  // namespace smee::machine_extras
