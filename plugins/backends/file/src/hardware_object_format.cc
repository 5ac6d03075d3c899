#include "hardware_object_format.h"

#include "field_reader.h"

namespace smee::backend_file {

namespace {

constexpr std::string_view kApiVersion = "tinkerbell.org/v1alpha1";
constexpr std::string_view kKind = "Hardware";
// A List inside a List is not something kubectl produces; one level is
// enough and keeps the walk bounded.
constexpr int kMaxListDepth = 1;

struct ObjectIdentity {
  std::string name;
  std::string namespace_;
  std::string facility;
  std::string subject;  // "namespace/name", or where it is when unnamed
};

void assign(std::string& out, std::optional<std::string> value) {
  if (value) out = std::move(*value);
}

// A plain lookup for naming the object before its fields are read: problems
// about these values are reported later, by the reader proper.
std::string scalarAt(const YamlNode& node, std::initializer_list<std::string_view> path) {
  const YamlNode* current = &node;
  for (std::string_view key : path) {
    const YamlNode* next = &YamlNode::undefined();
    for (const YamlNode::Pair& pair : current->pairs()) {
      if (pair.key->isScalar() && pair.key->scalar() == key) next = pair.value.get();
    }
    current = next;
  }
  return current->isScalar() ? current->scalar() : std::string();
}

// The value of the last `key` written, as MappingFields::take() finds it.
const YamlNode& lastValueOf(const YamlNode& map, std::string_view key) {
  const YamlNode* value = &YamlNode::undefined();
  for (const YamlNode::Pair& pair : map.pairs()) {
    if (pair.key->isScalar() && pair.key->scalar() == key) value = pair.value.get();
  }
  return *value;
}

// spec.metadata.facility.facility_code, the `facility=` kernel argument.
std::string readFacility(const YamlNode& spec_metadata, FieldReader& read) {
  if (!read.mapping(spec_metadata, "spec.metadata")) return {};
  MappingFields metadata(spec_metadata, KeyMatch::Exact, read.problems(), "spec.metadata.");
  const YamlNode& facility = metadata.take("facility");
  metadata.reportUnknownKeys();
  if (!read.mapping(facility, "spec.metadata.facility")) return {};
  MappingFields fields(facility, KeyMatch::Exact, read.problems(), "spec.metadata.facility.");
  auto code = read.text(fields.take("facility_code"), "spec.metadata.facility.facility_code");
  fields.reportUnknownKeys();
  return code.value_or("");
}

// `path` names the node itself ("spec.interfaces[0].netboot.osie").
void readOsie(const YamlNode& node, FieldReader& read, const std::string& path, OsieRecord& osie) {
  if (!read.mapping(node, path)) return;
  const std::string prefix = path + ".";
  MappingFields fields(node, KeyMatch::Exact, read.problems(), prefix);
  assign(osie.base_url,
         read.httpUrl(fields.take("baseURL"), prefix + "baseURL", ProblemImpact::FieldDropped));
  assign(osie.kernel, read.text(fields.take("kernel"), prefix + "kernel"));
  assign(osie.initrd, read.text(fields.take("initrd"), prefix + "initrd"));
  osie.kernel_params = read.textList(fields.take("kernelParams"), prefix + "kernelParams");
  fields.reportUnknownKeys();
}

void readIpxe(const YamlNode& node, FieldReader& read, const std::string& path,
              NetbootRecord& netboot) {
  if (!read.mapping(node, path)) return;
  const std::string prefix = path + ".";
  MappingFields fields(node, KeyMatch::Exact, read.problems(), prefix);
  // An unusable script URL makes the record malformed, as in Smee's format.
  assign(netboot.ipxe_script_url,
         read.httpUrl(fields.take("url"), prefix + "url", ProblemImpact::RecordMalformed));
  assign(netboot.ipxe_script, read.text(fields.take("contents"), prefix + "contents"));
  assign(netboot.ipxe_binary, read.text(fields.take("binary"), prefix + "binary"));
  fields.reportUnknownKeys();
}

void readNetboot(const YamlNode& node, FieldReader& read, const std::string& path,
                 NetbootRecord& netboot) {
  if (!read.mapping(node, path)) return;
  const std::string prefix = path + ".";
  MappingFields fields(node, KeyMatch::Exact, read.problems(), prefix);
  // Absent allowPXE means false, as in the Kubernetes backend.
  netboot.allow_pxe = read.flag(fields.take("allowPXE"), prefix + "allowPXE").value_or(false);
  readIpxe(fields.take("ipxe"), read, prefix + "ipxe", netboot);
  readOsie(fields.take("osie"), read, prefix + "osie", netboot.osie);
  fields.reportUnknownKeys();
}

// The monorepo's per-machine ISO (isoboot.sourceISO), which overrides the
// iso plugin's url. An unusable URL drops the field: the global ISO is
// still a working answer.
void readIsoboot(const YamlNode& node, FieldReader& read, const std::string& path,
                 NetbootRecord& netboot) {
  if (!read.mapping(node, path)) return;
  const std::string prefix = path + ".";
  MappingFields fields(node, KeyMatch::Exact, read.problems(), prefix);
  assign(netboot.iso_source_url,
         read.httpUrl(fields.take("sourceISO"), prefix + "sourceISO", ProblemImpact::FieldDropped));
  fields.reportUnknownKeys();
}

// dhcp.ip is optional, as in the monorepo (a machine may only netboot
// through proxy DHCP); when an address is given it needs a usable netmask.
void readAddress(const YamlNode& node, FieldReader& read, const std::string& path,
                 Position record_at, DhcpRecord& dhcp) {
  if (!read.mapping(node, path, ProblemImpact::RecordMalformed)) return;
  const std::string prefix = path + ".";
  MappingFields fields(node, KeyMatch::Exact, read.problems(), prefix);
  const YamlNode& address = fields.take("address");
  const YamlNode& netmask = fields.take("netmask");
  const YamlNode& gateway = fields.take("gateway");
  fields.reportUnknownKeys();
  if (address.isMissing() || (address.isScalar() && address.scalar().empty())) {
    return;
  }
  dhcp.ip = read.requiredIpv4(address, prefix + "address", record_at);
  dhcp.subnet_mask = read.requiredNetmask(netmask, prefix + "netmask", positionOf(node));
  dhcp.default_gateway = read.ipv4(gateway, prefix + "gateway", ProblemImpact::FieldDropped);
  // The monorepo derives option 28 from the address; Hardware has no field.
  if (dhcp.ip && dhcp.subnet_mask) {
    dhcp.broadcast_address = Ipv4Address(dhcp.ip->value() | ~dhcp.subnet_mask->value());
  }
}

// `prefix` ends with a dot: "spec.interfaces[0].dhcp.".
void readDhcp(MappingFields& fields, FieldReader& read, const std::string& prefix,
              Position record_at, DhcpRecord& dhcp) {
  readAddress(fields.take("ip"), read, prefix + "ip", record_at, dhcp);
  dhcp.name_servers = read.ipv4List(fields.take("name_servers"), prefix + "name_servers");
  dhcp.ntp_servers = read.ipv4List(fields.take("time_servers"), prefix + "time_servers");
  assign(dhcp.hostname, read.text(fields.take("hostname"), prefix + "hostname"));
  assign(dhcp.domain_name, read.text(fields.take("domain_name"), prefix + "domain_name"));
  // The monorepo sends the domain name as a one-element search list too.
  if (!dhcp.domain_name.empty()) dhcp.domain_search = {dhcp.domain_name};
  dhcp.lease_time = read.leaseTime(fields.take("lease_time"), prefix + "lease_time");
  assign(dhcp.arch, read.text(fields.take("arch"), prefix + "arch"));
  assign(dhcp.vlan_id, read.text(fields.take("vlan_id"), prefix + "vlan_id"));
  dhcp.classless_routes =
      read.routes(fields.take("classless_static_routes"), prefix + "classless_static_routes",
                  KeyMatch::Exact, "destination_descriptor", "router");
  assign(dhcp.tftp_server_name,
         read.text(fields.take("tftp_server_name"), prefix + "tftp_server_name"));
  assign(dhcp.boot_file_name, read.text(fields.take("boot_file_name"), prefix + "boot_file_name"));
}

// Returns true when the interface named a MAC (served or malformed).
bool parseInterface(const YamlNode& interface, std::size_t index, const ObjectIdentity& object,
                    ParseCollector& collector) {
  RecordProblems problems(collector, object.subject);
  FieldReader read(problems);
  const std::string path = "spec.interfaces[" + std::to_string(index) + "]";
  if (!read.mapping(interface, path)) return false;
  MappingFields fields(interface, KeyMatch::Exact, problems, path + ".");
  const YamlNode& dhcp = fields.take("dhcp");
  const YamlNode& netboot = fields.take("netboot");
  const YamlNode& isoboot = fields.take("isoboot");
  const auto disabled = read.flag(fields.take("disableDhcp"), path + ".disableDhcp");
  fields.reportUnknownKeys();
  if (!read.mapping(dhcp, path + ".dhcp")) return false;

  const std::string dhcp_prefix = path + ".dhcp.";
  MappingFields dhcp_fields(dhcp, KeyMatch::Exact, problems, dhcp_prefix);
  const YamlNode& mac_node = dhcp_fields.take("mac");
  const auto mac_text = read.text(mac_node, dhcp_prefix + "mac");
  if (!mac_text || mac_text->empty()) return false;  // an interface Smee does not serve
  const Position at = positionOf(mac_node);
  const auto mac = MacAddress::parse(*mac_text);
  if (!mac) {
    problems.add(dhcp_prefix + "mac",
                 "\"" + *mac_text + "\" is not a MAC address; interface ignored",
                 ProblemImpact::RecordDropped, mac_node);
    return false;
  }

  HardwareRecord record;
  record.name = object.name;
  record.namespace_ = object.namespace_;
  record.dhcp.mac = *mac;
  record.dhcp.disabled = disabled.value_or(false);
  readDhcp(dhcp_fields, read, dhcp_prefix, at, record.dhcp);
  dhcp_fields.reportUnknownKeys();
  record.netboot.facility = object.facility;
  readNetboot(netboot, read, path + ".netboot", record.netboot);
  readIsoboot(isoboot, read, path + ".isoboot", record.netboot);

  if (problems.malformed()) {
    collector.addMalformed(*mac, record.dhcp.ip, problems.malformedReason(), object.subject, at);
  } else {
    collector.addRecord(std::move(record), object.subject, at);
  }
  return true;
}

// True when `object` is no Hardware object at all (an empty list item, a
// scalar): noted, and there is nothing more to read.
bool rejectedAsNotAnObject(const YamlNode& object, const std::string& where,
                           ParseCollector& collector) {
  if (object.isNull()) {
    RecordProblems problems(collector, where);
    problems.add("", "empty list item ignored", ProblemImpact::Note, object);
    return true;
  }
  if (!object.isMap()) {
    RecordProblems problems(collector, where);
    problems.add("", "expected a Hardware object, found " + describeNode(object) + "; ignored",
                 ProblemImpact::RecordDropped, object);
    return true;
  }
  return false;
}

// Problems are filed under "namespace/name", as kubectl names the object;
// an unnamed one by where it sits in the file.
ObjectIdentity identityOf(const YamlNode& object, const std::string& where) {
  ObjectIdentity identity;
  identity.name = scalarAt(object, {"metadata", "name"});
  identity.namespace_ = scalarAt(object, {"metadata", "namespace"});
  if (!identity.name.empty()) {
    identity.subject =
        identity.namespace_.empty() ? identity.name : identity.namespace_ + "/" + identity.name;
  } else {
    identity.subject = where.empty() ? "unnamed object" : where;
  }
  return identity;
}

// Each interface with a dhcp.mac is a record of its own; an object without
// one is noted, since it serves nothing.
void parseInterfaces(const YamlNode& interfaces, const ObjectIdentity& identity,
                     const YamlNode& object, RecordProblems& problems, ParseCollector& collector) {
  bool any_mac = false;
  if (interfaces.isSequence()) {
    for (std::size_t i = 0; i < interfaces.size(); ++i) {
      any_mac = parseInterface(interfaces[i], i, identity, collector) || any_mac;
    }
  } else if (!interfaces.isMissing()) {
    problems.add("spec.interfaces", "expected a list, found " + describeNode(interfaces),
                 ProblemImpact::FieldDropped, interfaces);
  }
  if (!any_mac) {
    problems.add("spec.interfaces", "no interface has a dhcp.mac; nothing to serve",
                 ProblemImpact::Note, object);
  }
}

void parseObject(const YamlNode& object, const std::string& where, int depth,
                 ParseCollector& collector);

void parseList(const YamlNode& items, const std::string& where, int depth, RecordProblems& problems,
               ParseCollector& collector) {
  if (items.isMissing()) return;
  if (!items.isSequence()) {
    problems.add("items", "expected a list of Hardware objects, found " + describeNode(items),
                 ProblemImpact::RecordDropped, items);
    return;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    parseObject(items[i], where + "items[" + std::to_string(i) + "]", depth + 1, collector);
  }
}

void parseObject(const YamlNode& object, const std::string& where, int depth,
                 ParseCollector& collector) {
  if (rejectedAsNotAnObject(object, where, collector)) return;
  ObjectIdentity identity = identityOf(object, where);
  RecordProblems problems(collector, identity.subject);
  FieldReader read(problems);
  MappingFields fields(object, KeyMatch::Exact, problems);
  const std::string api_version = read.text(fields.take("apiVersion"), "apiVersion").value_or("");
  const std::string kind = read.text(fields.take("kind"), "kind").value_or("");
  const YamlNode& items = fields.take("items");
  const YamlNode& spec = fields.take("spec");
  fields.take("metadata");
  fields.reportUnknownKeys();

  if (kind == "List" || kind == "HardwareList") {
    if (depth >= kMaxListDepth) {
      problems.add("kind", "a " + kind + " inside a list is not read; ignored",
                   ProblemImpact::RecordDropped, object);
      return;
    }
    parseList(items, where.empty() ? std::string() : where + ".", depth, problems, collector);
    return;
  }
  if (api_version != kApiVersion || kind != kKind) {
    problems.add("kind",
                 "apiVersion \"" + api_version + "\" kind \"" + kind + "\" is not a " +
                     std::string(kApiVersion) + " Hardware; object ignored",
                 ProblemImpact::RecordDropped, object);
    return;
  }
  if (!spec.isMap()) {
    problems.add("spec", "expected a mapping, found " + describeNode(spec) + "; object ignored",
                 ProblemImpact::RecordDropped, spec.isDefined() ? spec : object);
    return;
  }
  MappingFields spec_fields(spec, KeyMatch::Exact, problems, "spec.");
  const YamlNode& interfaces = spec_fields.take("interfaces");
  const YamlNode& spec_metadata = spec_fields.take("metadata");
  spec_fields.reportUnknownKeys();
  identity.facility = readFacility(spec_metadata, read);
  parseInterfaces(interfaces, identity, object, problems, collector);
}

}  // namespace

bool looksLikeKubernetesObject(const YamlNode& mapping) {
  for (const YamlNode::Pair& pair : mapping.pairs()) {
    if (pair.key->isScalar() &&
        (pair.key->scalar() == "kind" || pair.key->scalar() == "apiVersion")) {
      return true;
    }
  }
  return false;
}

void parseHardwareObject(const YamlNode& object, const std::string& where, int depth,
                         ParseCollector& collector) {
  parseObject(object, where, depth, collector);
}

bool listReadsItems(const YamlNode& object, const YamlNode& items) {
  const YamlNode& kind = lastValueOf(object, "kind");
  const bool is_list =
      kind.isScalar() && (kind.scalar() == "List" || kind.scalar() == "HardwareList");
  return is_list && kMaxListDepth > 0 && &lastValueOf(object, "items") == &items;
}

void parseHardwareObjects(const YamlNode& node, ParseCollector& collector) {
  if (!node.isSequence()) {
    parseObject(node, std::string(), 0, collector);
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    parseObject(node[i], "[" + std::to_string(i) + "]", 0, collector);
  }
}

}  // namespace smee::backend_file
