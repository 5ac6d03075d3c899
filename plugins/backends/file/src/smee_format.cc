#include "smee_format.h"

#include "field_reader.h"

namespace smee::backend_file {

namespace {

void assign(std::string& out, std::optional<std::string> value) {
  if (value) out = std::move(*value);
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

void readOsie(const YamlNode& node, FieldReader& read, OsieRecord& osie) {
  if (!read.mapping(node, "netboot.osie")) return;
  MappingFields fields(node, KeyMatch::CaseInsensitive, read.problems(), "netboot.osie.");
  assign(osie.base_url,
         read.httpUrl(fields.take("baseURL"), "netboot.osie.baseURL", ProblemImpact::FieldDropped));
  assign(osie.kernel, read.text(fields.take("kernel"), "netboot.osie.kernel"));
  assign(osie.initrd, read.text(fields.take("initrd"), "netboot.osie.initrd"));
  osie.kernel_params = read.textList(fields.take("kernelParams"), "netboot.osie.kernelParams");
  fields.reportUnknownKeys();
}

void readNetboot(const YamlNode& node, FieldReader& read, NetbootRecord& netboot) {
  if (!read.mapping(node, "netboot")) return;
  MappingFields fields(node, KeyMatch::CaseInsensitive, read.problems(), "netboot.");
  netboot.allow_pxe = read.flag(fields.take("allowPxe"), "netboot.allowPxe").value_or(false);
  // Smee failed the lookup for an unparsable script URL; serving the machine
  // with the default script instead would boot something the operator did
  // not ask for, so the record is marked malformed.
  assign(netboot.ipxe_script_url,
         read.httpUrl(fields.take("ipxeScriptUrl"), "netboot.ipxeScriptUrl",
                      ProblemImpact::RecordMalformed));
  assign(netboot.ipxe_script, read.text(fields.take("ipxeScript"), "netboot.ipxeScript"));
  assign(netboot.ipxe_binary, read.text(fields.take("ipxeBinary"), "netboot.ipxeBinary"));
  assign(netboot.console, read.text(fields.take("console"), "netboot.console"));
  assign(netboot.facility, read.text(fields.take("facility"), "netboot.facility"));
  readOsie(fields.take("osie"), read, netboot.osie);
  fields.reportUnknownKeys();
}

void readDhcp(MappingFields& fields, FieldReader& read, Position record_at, DhcpRecord& dhcp) {
  dhcp.ip = read.requiredIpv4(fields.take("ipAddress"), "ipAddress", record_at);
  dhcp.subnet_mask = read.requiredNetmask(fields.take("subnetMask"), "subnetMask", record_at);
  dhcp.default_gateway =
      read.ipv4(fields.take("defaultGateway"), "defaultGateway", ProblemImpact::FieldDropped);
  dhcp.name_servers = read.ipv4List(fields.take("nameServers"), "nameServers");
  assign(dhcp.hostname, read.text(fields.take("hostname"), "hostname"));
  assign(dhcp.domain_name, read.text(fields.take("domainName"), "domainName"));
  dhcp.broadcast_address =
      read.ipv4(fields.take("broadcastAddress"), "broadcastAddress", ProblemImpact::FieldDropped);
  dhcp.ntp_servers = read.ipv4List(fields.take("ntpServers"), "ntpServers");
  dhcp.lease_time = read.leaseTime(fields.take("leaseTime"), "leaseTime");
  dhcp.domain_search = read.textList(fields.take("domainSearch"), "domainSearch");
  assign(dhcp.vlan_id, read.text(fields.take("vlanID"), "vlanID"));
  assign(dhcp.arch, read.text(fields.take("arch"), "arch"));
  dhcp.disabled = read.flag(fields.take("disabled"), "disabled").value_or(false);
  dhcp.classless_routes = read.routes(fields.take("classlessStaticRoutes"), "classlessStaticRoutes",
                                      KeyMatch::CaseInsensitive, "destination", "router");
  const YamlNode& tftp_node = fields.take("tftpServerName");
  const YamlNode& boot_node = fields.take("bootFileName");
  assign(dhcp.tftp_server_name, read.text(tftp_node, "tftpServerName"));
  assign(dhcp.boot_file_name, read.text(boot_node, "bootFileName"));
  // The monorepo's CRD insists on both or neither: option 67 without 66
  // sends the client to a server nobody named.
  if (dhcp.tftp_server_name.empty() != dhcp.boot_file_name.empty()) {
    const bool boot_only = dhcp.tftp_server_name.empty();
    read.problems().add(boot_only ? "bootFileName" : "tftpServerName",
                        boot_only ? "is set without tftpServerName; both are usually needed"
                                  : "is set without bootFileName; both are usually needed",
                        ProblemImpact::Note, boot_only ? boot_node : tftp_node);
  }
}

void parseOneRecord(const YamlNode& key, const YamlNode& value, ParseCollector& collector) {
  const Position at = positionOf(key);
  if (!key.isScalar()) {
    RecordProblems problems(collector, describeNode(key));
    problems.add(
        "mac",
        "a record key must be a MAC address, found " + describeNode(key) + "; record ignored",
        ProblemImpact::RecordDropped, at);
    return;
  }
  const std::string& written = key.scalar();
  const auto mac = MacAddress::parse(trimmed(written));
  if (!mac) {
    RecordProblems problems(collector, written);
    problems.add("mac", "\"" + written + "\" is not a MAC address; record ignored",
                 ProblemImpact::RecordDropped, at);
    return;
  }
  const std::string subject = mac->toString();
  RecordProblems problems(collector, subject);
  if (!value.isMap()) {
    problems.add("", "expected a mapping of hardware fields, found " + describeNode(value),
                 ProblemImpact::RecordMalformed, value.isNull() ? at : positionOf(value));
    collector.addMalformed(*mac, std::nullopt, problems.malformedReason(), subject, at);
    return;
  }

  HardwareRecord record;
  record.dhcp.mac = *mac;
  FieldReader read(problems);
  MappingFields fields(value, KeyMatch::CaseInsensitive, problems);
  readDhcp(fields, read, at, record.dhcp);
  readNetboot(fields.take("netboot"), read, record.netboot);
  fields.reportUnknownKeys();

  if (problems.malformed()) {
    collector.addMalformed(*mac, record.dhcp.ip, problems.malformedReason(), subject, at);
  } else {
    collector.addRecord(std::move(record), subject, at);
  }
}

}  // namespace

void parseSmeeMacMapping(const YamlNode& mapping, ParseCollector& collector) {
  for (const YamlNode::Pair& pair : mapping.pairs())
    parseOneRecord(*pair.key, *pair.value, collector);
}

void parseSmeeRecord(const YamlNode& key, const YamlNode& value, ParseCollector& collector) {
  parseOneRecord(key, value, collector);
}

bool isMacKey(const YamlNode& key) {
  return key.isScalar() && MacAddress::parse(trimmed(key.scalar())).has_value();
}

}  // namespace smee::backend_file
