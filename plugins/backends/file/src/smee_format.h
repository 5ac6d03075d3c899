#pragma once

#include "parse_collector.h"

namespace smee::backend_file {

// Reads Smee's file format: a mapping from MAC address to a record whose
// keys match in any letter case, plus the monorepo's extra fields.
void parseSmeeMacMapping(const YamlNode& mapping, ParseCollector& collector);

// One entry of that mapping: the streaming reader hands them over one by one.
void parseSmeeRecord(const YamlNode& key, const YamlNode& value, ParseCollector& collector);

// True when `key` is a scalar that reads as a MAC address (the mark of
// Smee's format).
bool isMacKey(const YamlNode& key);

}  // namespace smee::backend_file
