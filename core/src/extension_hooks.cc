// The extension hooks' key functions: their vtables and typeinfo live in
// libsmee_core.so, once, shared by the plugins that call them and every
// plugin that provides one.
#include "smee/services/dhcp_reply_hook.h"
#include "smee/services/kernel_args_hook.h"

namespace smee {

DhcpReplyHook::~DhcpReplyHook() = default;

KernelArgsHook::~KernelArgsHook() = default;

}  // namespace smee
