#include "hardware_decoder.h"

#include <Poco/Exception.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "hardware_object_format.h"
#include "json_reader.h"
#include "json_to_yaml.h"
#include "parse_collector.h"
#include "smee/closest_name.h"

namespace smee::backend_kube {

namespace {

using Poco::JSON::Object;

// Runs `decode`, turning whatever the JSON or the conversion throws into
// `error`: a hostile or broken API server gets a refusal, never a crash.
template <typename Decode>
auto guarded(std::string& error, Decode decode) -> decltype(decode()) {
  try {
    return decode();
  } catch (const JsonError& e) {
    error = e.what();
  } catch (const Poco::Exception& e) {
    error = e.displayText();
  } catch (const std::exception& e) {
    error = e.what();
  }
  return std::nullopt;
}

// The members the conversion reads, as the YAML tree it reads: a stored
// object also carries managedFields, annotations (kubectl's last-applied
// copy of the whole object), status, disks and userData, often more than half
// its size, and converting them would be wasted work.
YAML::Node convertedParts(const Object& object, const std::string& name,
                          const std::optional<std::string>& namespace_) {
  YAML::Node node(YAML::NodeType::Map);
  // Items of a list may leave out apiVersion and kind; they are Hardware by
  // the URL they came from.
  node["apiVersion"] = object.has("apiVersion") ? yamlFromJson(object.get("apiVersion"))
                                                : YAML::Node("tinkerbell.org/v1alpha1");
  node["kind"] = object.has("kind") ? yamlFromJson(object.get("kind")) : YAML::Node("Hardware");
  YAML::Node metadata(YAML::NodeType::Map);
  metadata["name"] = name;
  if (namespace_) metadata["namespace"] = *namespace_;
  node["metadata"] = metadata;
  if (!object.has("spec")) return node;
  const Poco::Dynamic::Var spec = object.get("spec");
  if (!isJsonObject(spec)) {
    node["spec"] = yamlFromJson(spec);  // not an object: the conversion says so
    return node;
  }
  YAML::Node kept(YAML::NodeType::Map);
  static const std::vector<std::string> kRead = {"interfaces", "metadata"};
  for (const auto& [key, value] : *spec.extract<Object::Ptr>()) {
    // What the conversion reads, and near misses of it ("interface"), so
    // that the conversion can name the misspelt key.
    const bool read = std::find(kRead.begin(), kRead.end(), key) != kRead.end();
    if (!read && !closestName(key, kRead)) continue;
    kept.force_insert(key, yamlFromJson(value));
  }
  node["spec"] = kept;
  return node;
}

std::optional<DecodedObject> decodeObject(const Object& json, std::string& error) {
  const Object::Ptr metadata = objectMember(json, "metadata", "metadata");
  const Object empty;
  const Object& meta = metadata ? *metadata : empty;
  const std::string name = stringMember(meta, "name", "metadata.name").value_or("");
  const auto namespace_ = stringMember(meta, "namespace", "metadata.namespace");
  if (name.empty()) {
    error = "a Hardware object without metadata.name";
    return std::nullopt;
  }
  DecodedObject object;
  object.key = namespace_.value_or("").empty() ? name : *namespace_ + "/" + name;
  object.resource_version =
      stringMember(meta, "resourceVersion", "metadata.resourceVersion").value_or("");

  // The file backend's reader converts it: one conversion for both backends.
  const YAML::Node node = convertedParts(json, name, namespace_);
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

ApiStatus statusOf(const Object& json) {
  ApiStatus status;
  // A Status of the wrong shape is still an answer: keep what is readable.
  try {
    status.code = static_cast<int>(integerMember(json, "code", "code").value_or(0));
  } catch (const JsonError&) {
  }
  try {
    status.reason = stringMember(json, "reason", "reason").value_or("");
  } catch (const JsonError&) {
  }
  try {
    status.message = stringMember(json, "message", "message").value_or("");
  } catch (const JsonError&) {
  }
  return status;
}

}  // namespace

std::string_view eventTypeName(EventType type) {
  switch (type) {
    case EventType::Added:
      return "ADDED";
    case EventType::Modified:
      return "MODIFIED";
    case EventType::Deleted:
      return "DELETED";
    case EventType::Bookmark:
      return "BOOKMARK";
    case EventType::Error:
      return "ERROR";
  }
  return "UNKNOWN";
}

std::optional<DecodedObject> decodeHardware(std::string_view json, std::string& error) {
  return guarded(error, [&] { return decodeObject(*parseJsonObject(json), error); });
}

std::optional<ListPage> decodeListPage(std::string_view body, std::string& error) {
  return guarded(error, [&]() -> std::optional<ListPage> {
    const Object::Ptr list = parseJsonObject(body);
    if (stringMember(*list, "kind", "kind") == "Status") {
      error = "the API server answered a Status instead of a list: " + statusOf(*list).message;
      return std::nullopt;
    }
    ListPage page;
    if (const Object::Ptr metadata = objectMember(*list, "metadata", "metadata")) {
      page.resource_version =
          stringMember(*metadata, "resourceVersion", "metadata.resourceVersion").value_or("");
      page.continue_token = stringMember(*metadata, "continue", "metadata.continue").value_or("");
    }
    if (page.resource_version.empty()) {
      error = "the list has no metadata.resourceVersion";
      return std::nullopt;
    }
    const Poco::JSON::Array::Ptr items = arrayMember(*list, "items", "items");
    if (!items) return page;
    page.objects.reserve(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string where = "items[" + std::to_string(i) + "]";
      const Poco::Dynamic::Var item = items->get(static_cast<unsigned>(i));
      std::string item_error;
      std::optional<DecodedObject> object;
      if (!isJsonObject(item)) {
        item_error = "expected an object, found " + jsonTypeName(item);
      } else {
        object = guarded(item_error,
                         [&] { return decodeObject(*item.extract<Object::Ptr>(), item_error); });
      }
      if (object) {
        page.objects.push_back(std::move(*object));
      } else {
        page.item_errors.push_back(where + ": " + item_error);
      }
    }
    return page;
  });
}

std::optional<WatchEvent> decodeWatchEvent(std::string_view line, std::string& error) {
  return guarded(error, [&]() -> std::optional<WatchEvent> {
    const Object::Ptr json = parseJsonObject(line);
    const std::string type = stringMember(*json, "type", "type").value_or("");
    const Object::Ptr object = objectMember(*json, "object", "object");
    if (!object) {
      error = "watch event without an object";
      return std::nullopt;
    }
    WatchEvent event;
    if (type == "ERROR") {
      event.type = EventType::Error;
      const ApiStatus status = statusOf(*object);
      event.code = status.code;
      event.message = status.message.empty() ? status.reason : status.message;
      return event;
    }
    if (type == "BOOKMARK") {
      event.type = EventType::Bookmark;
      if (const Object::Ptr metadata = objectMember(*object, "metadata", "object.metadata")) {
        event.resource_version =
            stringMember(*metadata, "resourceVersion", "object.metadata.resourceVersion")
                .value_or("");
      }
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
    event.object = decodeObject(*object, error);
    if (!event.object) return std::nullopt;
    event.resource_version = event.object->resource_version;
    return event;
  });
}

ApiStatus decodeStatus(std::string_view body) {
  try {
    return statusOf(*parseJsonObject(body));
  } catch (const std::exception&) {
    return {};  // not a Status (an HTML error page from a proxy, say)
  }
}

}  // namespace smee::backend_kube
