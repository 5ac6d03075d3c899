#include "machine_selector.h"

namespace smee::machine_extras {

bool MachineSelector::selects(const HardwareRecord& machine) const {
  switch (field) {
    case HardwareField::Facility:
      return machine.netboot.facility == equals;
    case HardwareField::VlanId:
      return machine.dhcp.vlan_id == equals;
    case HardwareField::Arch:
      return machine.dhcp.arch == equals;
    case HardwareField::Hostname:
      return machine.dhcp.hostname == equals;
  }
  return false;
}

}  // namespace smee::machine_extras
