#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smee::backend_kube {

// What the API server sends is read with Poco::JSON, which is strict: bad
// numbers ("01", "1-2e", 1e400), lone surrogates ("\ud800"), invalid
// UTF-8, control characters, trailing text and nesting deeper than
// kMaxJsonDepth are refused. Poco reports them by throwing; these helpers
// turn every such failure, and every member of the wrong type, into a
// JsonError whose text says what and where, so the decoder catches one type.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A Hardware object is a few levels deep; the bound keeps hostile input from
// building (and later walking) an arbitrarily deep tree.
inline constexpr std::size_t kMaxJsonDepth = 64;

// `text` as one JSON object; throws JsonError("invalid JSON: ...").
Poco::JSON::Object::Ptr parseJsonObject(std::string_view text);

// "an object", "a string", "a number", ... for error messages.
std::string jsonTypeName(const Poco::Dynamic::Var& value);
bool isJsonObject(const Poco::Dynamic::Var& value);
bool isJsonArray(const Poco::Dynamic::Var& value);

// Typed members. Absent and null give null / nullopt; any other type throws
// JsonError naming `path` (the member's place in the document, for the log).
Poco::JSON::Object::Ptr objectMember(const Poco::JSON::Object& parent, const std::string& key,
                                     std::string_view path);
Poco::JSON::Array::Ptr arrayMember(const Poco::JSON::Object& parent, const std::string& key,
                                   std::string_view path);
std::optional<std::string> stringMember(const Poco::JSON::Object& parent, const std::string& key,
                                        std::string_view path);
std::optional<std::int64_t> integerMember(const Poco::JSON::Object& parent, const std::string& key,
                                          std::string_view path);

}  // namespace smee::backend_kube
