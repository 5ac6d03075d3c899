#pragma once

#include <string>

// The service manager's view of smeed (systemd's sd_notify protocol). Each
// call is a no-op when NOTIFY_SOCKET is unset, so smeed run by hand, in a
// container or by a test behaves the same; a failed send is ignored.
namespace smee::app {

// Every plugin has started (every listener is bound): READY=1.
void notifyReady(const std::string& status);
// A SIGHUP reload begins: RELOADING=1 (READY=1 follows when it is done).
void notifyReloading();
// Shutdown begins: STOPPING=1.
void notifyStopping(const std::string& status);
// A status line alone (start-up failure, ...).
void notifyStatus(const std::string& status);

}  // namespace smee::app
