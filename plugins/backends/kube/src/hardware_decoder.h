#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardware_parser.h"

namespace smee::backend_kube {

using backend_file::MalformedRecord;
using backend_file::RecordProblem;

// One Hardware object from the API server, converted by the same code as the
// file backend's Hardware objects: one record per interface with a MAC.
struct DecodedObject {
  std::string key;  // "namespace/name": the object's identity in the cache
  std::string resource_version;
  std::vector<HardwareRecord> records;
  std::vector<MalformedRecord> malformed;
  std::vector<RecordProblem> problems;
};

// A Hardware object's JSON. Nullopt with `error` when it is not JSON, not an
// object, or has no metadata.name.
std::optional<DecodedObject> decodeHardware(std::string_view json, std::string& error);

// One page of GET .../hardware?limit=N (a HardwareList).
struct ListPage {
  std::string resource_version;
  std::string continue_token;
  std::vector<DecodedObject> objects;
  std::vector<std::string> item_errors;  // items that could not be read at all
};
std::optional<ListPage> decodeListPage(std::string_view body, std::string& error);

enum class EventType { Added, Modified, Deleted, Bookmark, Error };
std::string_view eventTypeName(EventType type);

// One line of a watch stream: {"type": "...", "object": {...}}.
struct WatchEvent {
  EventType type = EventType::Added;
  std::optional<DecodedObject> object;  // ADDED, MODIFIED, DELETED
  std::string resource_version;         // of the object, or the bookmark
  int code = 0;                         // ERROR: the Status code (410 = Expired)
  std::string message;                  // ERROR: the Status message
};
std::optional<WatchEvent> decodeWatchEvent(std::string_view line, std::string& error);

// A metav1.Status body (what 401/403/410 answers carry); empty fields when
// the body is not one.
struct ApiStatus {
  int code = 0;
  std::string reason;
  std::string message;
};
ApiStatus decodeStatus(std::string_view body);

}  // namespace smee::backend_kube
