// smeed: parses the command line, merges config file, Smee flags and
// environment, loads the plugins, and waits for signals. Everything that
// serves the network lives in plugins.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "command_line.h"
#include "log_system.h"
#include "plugin_list.h"
#include "plugin_loader.h"
#include "plugin_manager.h"
#include "privileges.h"
#include "public_ip.h"
#include "service_notify.h"
#include "smee/build_signature.h"
#include "smee/log.h"
#include "smee/smee_series.h"
#include "startup.h"
#include "usage.h"

namespace {

using namespace smee;

std::filesystem::path exeDir(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(argv0);
  return self.parent_path();
}

std::string detectedPublicIp() {
  const char* preferred = std::getenv("SMEE_PUBLIC_IP_INTERFACE");
  auto ip = detectPublicIpv4(readNetworkSnapshot(), preferred ? preferred : "");
  return ip ? ip->toString() : std::string();
}

sigset_t handledSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGQUIT, SIGHUP}) sigaddset(&set, sig);
  return set;
}

int describe(const app::CommandLine& cli, const std::filesystem::path& exe_dir) {
  auto path = app::pluginSearchPathFor(cli, ::getenv, exe_dir);
  auto dir = findPluginDir(path, cli.describe);
  std::cout << formatDescription(describePlugin(dir.empty() ? path.front() : dir, cli.describe));
  return 0;
}

// Waits for signals on the main thread only; every other thread inherited
// the blocked mask, so no plugin thread is ever interrupted by one.
void serveUntilStopped(PluginManager& plugins, const Logger& log, const std::string& status) {
  sigset_t set = handledSignals();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      log.info("SIGHUP received: reloading data");
      app::notifyReloading();
      plugins.reload();
      app::notifyReady(status);
      continue;
    }
    log.info("shutting down", {{"signal", strsignal(sig)}});
    app::notifyStopping(std::string("shutting down (") + strsignal(sig) + ")");
    return;
  }
}

void configureLogging(const ConfigValues& core) {
  LogSystem::configure(core.getString("log.level"),
                       core.getString("log.format") == "json" ? LogFormat::Json : LogFormat::Text);
}

// What plugins learn about the process: version, mode, where relative
// paths start, and the address they announce.
void describeRuntime(RuntimeInfo& runtime, const app::CommandLine& cli, const ConfigValues& core) {
  runtime.version = SMEE_VERSION;
  runtime.check_only = cli.check_config;
  runtime.config_dir = cli.config_path.empty()
                           ? std::filesystem::current_path()
                           : std::filesystem::absolute(cli.config_path).parent_path();
  runtime.public_ipv4 = core.getString("public_ip");
  if (runtime.public_ipv4.empty()) runtime.public_ipv4 = detectedPublicIp();
}

// An unknown smee.user is a config error, reported by --check-config too.
std::optional<app::ServiceUser> serviceUser(const ConfigValues& core) {
  const auto& name = core.getString("user");
  if (name.empty()) return std::nullopt;
  try {
    return app::lookupServiceUser(name);
  } catch (const Error& e) {
    rethrowWithOrigin("smee", core, "user", e.what());
  }
}

std::string joinedNames(const PluginManager& plugins) {
  std::string names;
  for (const auto& name : plugins.names()) names += (names.empty() ? "" : ",") + name;
  return names;
}

// Before any socket is bound: a user smeed cannot become fails the start,
// not the switch after every listener is open.
void checkCanBecomeUser(const app::ServiceUser& user, const ConfigValues& core) {
  try {
    app::checkCanBecome(user);
  } catch (const Error& e) {
    rethrowWithOrigin("smee", core, "user", e.what());
  }
}

// Every listener is bound: root is not needed any more. `where` keeps the
// log line's source at the caller, where it has always been.
void switchToServiceUser(const app::ServiceUser& user, PluginManager& plugins, const Logger& log,
                         LogSource where = {}) {
  try {
    auto kept = app::becomeServiceUser(user);
    log.info("switched user",
             {{"user", user.name},
              {"uid", static_cast<long>(user.uid)},
              {"gid", static_cast<long>(user.gid)},
              {"capabilities", kept}},
             where);
  } catch (const Error& e) {
    plugins.stop();
    throw Error(std::string("cannot switch to user '") + user.name + "': " + e.what());
  }
}

int run(const app::CommandLine& cli, const std::filesystem::path& exe_dir) {
  app::Startup startup = app::assembleStartup(cli, ::getenv, exe_dir);
  configureLogging(startup.core);
  Logger log(LogSystem::logger("smeed"));
  for (const auto& warning : startup.warnings) log.warn(warning);

  Host host;
  registerSmeeSeries(host.metrics);  // Smee's series exist, at zero, before any plugin runs
  describeRuntime(host.runtime, cli, startup.core);
  const std::optional<app::ServiceUser> user = serviceUser(startup.core);

  PluginManager plugins(host);
  plugins.load(startup.plugins, startup.plugin_path);
  plugins.configure(startup.doc, startup.overrides);
  const std::string names = joinedNames(plugins);
  if (cli.check_config) {
    std::cout << "configuration OK: " << startup.doc.fileName() << " (plugins: " << names << ")\n";
    return 0;
  }
  log.info("starting", {{"version", SMEE_VERSION},
                        {"config", startup.doc.fileName()},
                        {"plugins", names},
                        {"public_ip", host.runtime.public_ipv4}});
  if (user) checkCanBecomeUser(*user, startup.core);
  plugins.start();
  if (user) switchToServiceUser(*user, plugins, log);
  log.info("smeed is running", {{"pid", static_cast<long>(::getpid())}});
  std::string status = "serving (plugins: " + names + ")";
  app::notifyReady(status);
  serveUntilStopped(plugins, log, status);
  plugins.stop();
  log.info("smeed stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists (plugins start theirs later): block the
  // signals we wait for, so they are delivered only to sigwait below.
  sigset_t set = handledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that goes away mid-answer is an EPIPE for the thread that
  // writes to it, never a signal that ends the process.
  ::signal(SIGPIPE, SIG_IGN);

  app::CommandLine cli;
  try {
    cli = app::parseCommandLine(argc, argv);
  } catch (const app::UsageError& e) {
    std::cerr << "smeed: " << e.what() << "\nRun 'smeed --help' for usage.\n";
    return 2;
  }
  auto exe_dir = exeDir(argv[0]);
  int status = 0;
  try {
    if (cli.help) {
      std::cout << app::usageText(detectedPublicIp());
    } else if (cli.man) {
      std::cout << app::manPage(SMEE_VERSION);
    } else if (cli.version) {
      std::cout << "smeed " << SMEE_VERSION << "\n";
    } else if (cli.detect_public_ip) {
      auto ip = detectedPublicIp();
      if (ip.empty()) {
        std::cerr << "smeed: no IPv4 address found\n";
        status = 1;
      } else {
        std::cout << ip << "\n";
      }
    } else if (cli.list_plugins) {
      std::cout << app::listPlugins(app::pluginSearchPathFor(cli, ::getenv, exe_dir));
    } else if (!cli.describe.empty()) {
      status = describe(cli, exe_dir);
    } else {
      status = run(cli, exe_dir);
    }
  } catch (const app::UsageError& e) {
    std::cerr << "smeed: " << e.what() << "\n";
    status = 2;
  } catch (const OverrideError& e) {
    std::cerr << "smeed: error: " << e.what() << "\nRun 'smeed --help' for usage.\n";
    status = 2;
  } catch (const Error& e) {
    std::cerr << "smeed: error: " << e.what() << "\n";
    app::notifyStatus(std::string("failed: ") + e.what());
    status = 1;
  } catch (const std::exception& e) {
    std::cerr << "smeed: unexpected error: " << e.what() << "\n";
    app::notifyStatus(std::string("failed: ") + e.what());
    status = 1;
  }
  LogSystem::shutdown();
  return status;
}
