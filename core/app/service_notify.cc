#include "service_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

namespace smee::app {
namespace {

// One line of the protocol cannot hold a newline.
std::string oneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

void send(const std::string& message) { ::sd_notify(0, message.c_str()); }

}  // namespace

void notifyReady(const std::string& status) {
  send("READY=1\nSTATUS=" + oneLine(status) + "\nMAINPID=" + std::to_string(::getpid()));
}

void notifyReloading() {
  // MONOTONIC_USEC lets systemd (253 and later) match the reload to its
  // READY=1; older versions ignore it.
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  auto usec = static_cast<unsigned long long>(now.tv_sec) * 1000000ULL +
              static_cast<unsigned long long>(now.tv_nsec / 1000);
  send("RELOADING=1\nSTATUS=reloading data (SIGHUP)\nMONOTONIC_USEC=" + std::to_string(usec));
}

void notifyStopping(const std::string& status) { send("STOPPING=1\nSTATUS=" + oneLine(status)); }

void notifyStatus(const std::string& status) { send("STATUS=" + oneLine(status)); }

}  // namespace smee::app
