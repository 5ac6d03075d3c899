#include "command_line.h"

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "smee_flags.h"

namespace po = boost::program_options;

namespace smee::app {
namespace {

po::options_description allOptions() {
  po::options_description options;
  options.add_options()("config,c", po::value<std::string>(), "config file")(
      "check-config", po::bool_switch(), "validate and exit")(
      "list-plugins", po::bool_switch(), "list the plugins on the search path")(
      "describe", po::value<std::string>(), "print a plugin's config table")(
      "plugin-dir", po::value<std::string>(), "plugin directory")("user", po::value<std::string>(),
                                                                  "user to run as once listening")(
      "detect-public-ip", po::bool_switch(), "print the detected public IPv4")(
      "version", po::bool_switch(), "print the version")(
      "help,h", po::bool_switch(), "print usage")("man", po::bool_switch(),
                                                  "print the manual page (roff)");
  for (const auto& flag : smeeFlags()) {
    auto* value = po::value<std::string>();
    if (flag.kind == SmeeFlagKind::Bool) value->implicit_value("true");
    options.add_options()(std::string(flag.name).c_str(), value, std::string(flag.usage).c_str());
  }
  return options;
}

// Boost's default style guesses abbreviated names and would take "-c" as
// a prefix of -check-config; Smee users type full names with one dash.
constexpr int kStyle =
    po::command_line_style::allow_long | po::command_line_style::allow_long_disguise |
    po::command_line_style::long_allow_adjacent | po::command_line_style::long_allow_next |
    po::command_line_style::allow_short | po::command_line_style::allow_dash_for_short |
    po::command_line_style::short_allow_next | po::command_line_style::short_allow_adjacent;

// Go's flag package never takes a boolean's value from the next argument
// (`-dhcp-enabled false` is -dhcp-enabled=true plus a stray "false"), but
// Boost would. Spelling every bare boolean flag as -name=true keeps Go's rule.
std::vector<std::string> withExplicitBooleans(int argc, const char* const argv[]) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string_view name(arg);
    if (name.rfind("--", 0) == 0) {
      name.remove_prefix(2);
    } else if (name.rfind('-', 0) == 0) {
      name.remove_prefix(1);
    }
    const SmeeFlag* flag = name.size() < arg.size() ? findSmeeFlag(name) : nullptr;
    args.push_back(flag && flag->kind == SmeeFlagKind::Bool ? "--" + std::string(name) + "=true"
                                                            : arg);
  }
  return args;
}

}  // namespace

CommandLine parseCommandLine(int argc, const char* const argv[]) {
  auto options = allOptions();
  po::variables_map vm;
  try {
    po::parsed_options parsed = po::command_line_parser(withExplicitBooleans(argc, argv))
                                    .options(options)
                                    .style(kStyle)
                                    .run();
    auto stray = po::collect_unrecognized(parsed.options, po::include_positional);
    if (!stray.empty()) {
      throw UsageError("unexpected argument '" + stray.front() +
                       "' (boolean flags take their value as -flag=false)");
    }
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  CommandLine cli;
  auto text = [&](const char* name) {
    return vm.count(name) ? vm[name].as<std::string>() : std::string();
  };
  cli.config_path = text("config");
  cli.plugin_dir = text("plugin-dir");
  cli.describe = text("describe");
  cli.user = text("user");
  cli.check_config = vm["check-config"].as<bool>();
  cli.list_plugins = vm["list-plugins"].as<bool>();
  cli.help = vm["help"].as<bool>();
  cli.man = vm["man"].as<bool>();
  cli.version = vm["version"].as<bool>();
  cli.detect_public_ip = vm["detect-public-ip"].as<bool>();
  for (const auto& flag : smeeFlags()) {
    std::string name(flag.name);
    if (vm.count(name)) cli.smee_flags[name] = vm[name].as<std::string>();
  }
  return cli;
}

}  // namespace smee::app
