#include "hardware_decoder.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "hardware_object_format.h"
#include "json_scan.h"
#include "json_tree.h"
#include "parse_collector.h"
#include "smee/closest_name.h"

namespace smee::plugins::backend_kube {

namespace {

std::string stringMember(const JsonMembers& members, std::string_view key) {
  const auto raw = member(members, key);
  if (!raw) return {};
  return stringValue(*raw).value_or(std::string());
}

// A member name back in JSON (objectMembers unescaped it).
std::string escapedKey(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;  // never a near miss of a read key
    out += c;
  }
  return out;
}

std::optional<JsonMembers> metadataOf(const JsonMembers& object, std::string& error) {
  const auto raw = member(object, "metadata");
  if (!raw) return JsonMembers{};
  return objectMembers(*raw, error);
}

// The members the conversion reads, as one JSON text: a stored object also
// carries managedFields, annotations (kubectl's last-applied copy of the
// whole object), status, disks and userData, often more than half its size,
// and parsing them into a YAML tree is where the time goes.
std::string convertedParts(const JsonMembers& object, const JsonMembers& metadata) {
  std::string out;
  out.reserve(512);
  out += '{';
  auto add = [&out](std::string_view key, std::string_view raw) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += key;
    out += "\":";
    out += raw;
  };
  for (const char* key : {"apiVersion", "kind"}) {
    if (const auto raw = member(object, key)) add(key, *raw);
  }
  std::string identity = "{";
  for (const char* key : {"name", "namespace"}) {
    if (const auto raw = member(metadata, key)) {
      if (identity.size() > 1) identity += ',';
      identity += "\"" + std::string(key) + "\":" + std::string(*raw);
    }
  }
  add("metadata", identity + "}");
  if (const auto spec = member(object, "spec")) {
    std::string error;
    const auto fields = objectMembers(*spec, error);
    if (!fields) {
      add("spec", *spec);  // not an object: the conversion says so
    } else {
      std::string kept = "{";
      static const std::vector<std::string> kRead = {"interfaces", "metadata"};
      for (const auto& [key, raw] : *fields) {
        // What the conversion reads, and near misses of it ("interface"),
        // so that the conversion can name the misspelt key.
        const bool read = std::find(kRead.begin(), kRead.end(), key) != kRead.end();
        if (!read && !closestName(key, kRead)) continue;
        if (kept.size() > 1) kept += ',';
        kept += "\"" + escapedKey(key) + "\":" + std::string(raw);
      }
      add("spec", kept + "}");
    }
  }
  out += '}';
  return out;
}

}  // namespace

std::string_view eventTypeName(EventType type) {
  switch (type) {
    case EventType::Added: return "ADDED";
    case EventType::Modified: return "MODIFIED";
    case EventType::Deleted: return "DELETED";
    case EventType::Bookmark: return "BOOKMARK";
    case EventType::Error: return "ERROR";
  }
  return "UNKNOWN";
}

std::optional<DecodedObject> decodeHardware(std::string_view json, std::string& error) {
  const auto members = objectMembers(json, error);
  if (!members) return std::nullopt;
  const auto metadata = metadataOf(*members, error);
  if (!metadata) {
    error = "metadata: " + error;
    return std::nullopt;
  }
  DecodedObject object;
  const std::string name = stringMember(*metadata, "name");
  const std::string namespace_ = stringMember(*metadata, "namespace");
  if (name.empty()) {
    error = "a Hardware object without metadata.name";
    return std::nullopt;
  }
  object.key = namespace_.empty() ? name : namespace_ + "/" + name;
  object.resource_version = stringMember(*metadata, "resourceVersion");

  // The file backend's reader converts it, from a YAML tree of the parts
  // it reads: one conversion for both backends.
  auto tree = yamlFromJson(convertedParts(*members, *metadata), error);
  if (!tree) {
    error = "cannot read Hardware " + object.key + ": " + error;
    return std::nullopt;
  }
  YAML::Node node = *tree;
  // Items of a list may leave out apiVersion and kind; they are Hardware by
  // the URL they came from.
  if (!node["apiVersion"].IsDefined()) node["apiVersion"] = "tinkerbell.org/v1alpha1";
  if (!node["kind"].IsDefined()) node["kind"] = "Hardware";
  backend_file::ParseOutcome outcome;
  backend_file::ParseCollector collector(outcome);
  try {
    backend_file::parseHardwareObjects(node, collector);
  } catch (const std::exception& e) {
    error = "cannot convert Hardware " + object.key + ": " + e.what();
    return std::nullopt;
  }
  object.records = std::move(outcome.records);
  object.malformed = std::move(outcome.malformed);
  object.problems = std::move(outcome.problems);
  // Positions inside one line of JSON mean nothing to a user of kubectl;
  // the object's name and the field path say where.
  for (MalformedRecord& bad : object.malformed) bad.line = bad.column = 0;
  for (RecordProblem& problem : object.problems) problem.line = problem.column = 0;
  return object;
}

std::optional<ListPage> decodeListPage(std::string_view body, std::string& error) {
  const auto members = objectMembers(body, error);
  if (!members) return std::nullopt;
  const std::string kind = stringMember(*members, "kind");
  if (kind == "Status") {
    const ApiStatus status = decodeStatus(body);
    error = "the API server answered a Status instead of a list: " + status.message;
    return std::nullopt;
  }
  ListPage page;
  const auto metadata = metadataOf(*members, error);
  if (!metadata) {
    error = "metadata: " + error;
    return std::nullopt;
  }
  page.resource_version = stringMember(*metadata, "resourceVersion");
  page.continue_token = stringMember(*metadata, "continue");
  if (page.resource_version.empty()) {
    error = "the list has no metadata.resourceVersion";
    return std::nullopt;
  }
  const auto items_raw = member(*members, "items");
  if (!items_raw || *items_raw == "null") return page;
  const auto items = arrayElements(*items_raw, error);
  if (!items) {
    error = "items: " + error;
    return std::nullopt;
  }
  page.objects.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::string item_error;
    auto object = decodeHardware((*items)[i], item_error);
    if (object) {
      page.objects.push_back(std::move(*object));
    } else {
      page.item_errors.push_back("items[" + std::to_string(i) + "]: " + item_error);
    }
  }
  return page;
}

std::optional<WatchEvent> decodeWatchEvent(std::string_view line, std::string& error) {
  const auto members = objectMembers(line, error);
  if (!members) return std::nullopt;
  const std::string type = stringMember(*members, "type");
  const auto object_raw = member(*members, "object");
  if (!object_raw) {
    error = "watch event without an object";
    return std::nullopt;
  }
  WatchEvent event;
  if (type == "ERROR") {
    event.type = EventType::Error;
    const ApiStatus status = decodeStatus(*object_raw);
    event.code = status.code;
    event.message = status.message.empty() ? status.reason : status.message;
    return event;
  }
  if (type == "BOOKMARK") {
    event.type = EventType::Bookmark;
    const auto object = objectMembers(*object_raw, error);
    if (!object) return std::nullopt;
    const auto metadata = metadataOf(*object, error);
    if (!metadata) return std::nullopt;
    event.resource_version = stringMember(*metadata, "resourceVersion");
    if (event.resource_version.empty()) {
      error = "bookmark without metadata.resourceVersion";
      return std::nullopt;
    }
    return event;
  }
  if (type == "ADDED") {
    event.type = EventType::Added;
  } else if (type == "MODIFIED") {
    event.type = EventType::Modified;
  } else if (type == "DELETED") {
    event.type = EventType::Deleted;
  } else {
    error = "unknown watch event type \"" + type + "\"";
    return std::nullopt;
  }
  event.object = decodeHardware(*object_raw, error);
  if (!event.object) return std::nullopt;
  event.resource_version = event.object->resource_version;
  return event;
}

ApiStatus decodeStatus(std::string_view body) {
  ApiStatus status;
  std::string error;
  const auto members = objectMembers(body, error);
  if (!members) return status;
  if (const auto code = member(*members, "code")) {
    status.code = static_cast<int>(integerValue(*code).value_or(0));
  }
  status.reason = stringMember(*members, "reason");
  status.message = stringMember(*members, "message");
  return status;
}

}  // namespace smee::plugins::backend_kube
