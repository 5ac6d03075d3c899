#include "json_reader.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

namespace smee::backend_kube {

namespace {

// Poco names a stray byte such as 0xff "unterminated string literal"; when
// the text is not UTF-8 at all, saying so is clearer.
bool isUtf8(std::string_view text) {
  const std::string copy(text);
  Poco::UTF8Encoding encoding;
  Poco::TextIterator it(copy, encoding);
  const Poco::TextIterator end(copy);
  for (; it != end; ++it) {
    if (*it < 0) return false;
  }
  return true;
}

std::string reason(const Poco::Exception& e) {
  return e.message().empty() ? e.displayText() : e.message();
}

[[noreturn]] void wrongType(std::string_view path, std::string_view expected,
                            const Poco::Dynamic::Var& found) {
  throw JsonError(std::string(path) + ": expected " + std::string(expected) + ", found " +
                  jsonTypeName(found));
}

// The member's value, or nullopt when it is absent or null.
std::optional<Poco::Dynamic::Var> present(const Poco::JSON::Object& parent,
                                          const std::string& key) {
  if (!parent.has(key)) return std::nullopt;
  Poco::Dynamic::Var value = parent.get(key);
  if (value.isEmpty()) return std::nullopt;
  return value;
}

}  // namespace

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text) {
  Poco::Dynamic::Var root;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    root = parser.parse(std::string(text));
  } catch (const Poco::Exception& e) {
    if (!isUtf8(text)) throw JsonError("invalid JSON: the text is not UTF-8");
    throw JsonError("invalid JSON: " + reason(e));
  } catch (const std::exception& e) {
    throw JsonError(std::string("invalid JSON: ") + e.what());
  }
  if (!isJsonObject(root)) throw JsonError("expected a JSON object, found " + jsonTypeName(root));
  return root.extract<Poco::JSON::Object::Ptr>();
}

bool isJsonObject(const Poco::Dynamic::Var& value) {
  return value.type() == typeid(Poco::JSON::Object::Ptr);
}

bool isJsonArray(const Poco::Dynamic::Var& value) {
  return value.type() == typeid(Poco::JSON::Array::Ptr);
}

std::string jsonTypeName(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "null";
  if (isJsonObject(value)) return "an object";
  if (isJsonArray(value)) return "an array";
  if (value.isString()) return "a string";
  if (value.isBoolean()) return "a boolean";  // before isNumeric, which counts bools
  if (value.isNumeric()) return "a number";
  return "an unknown value";
}

Poco::JSON::Object::Ptr objectMember(const Poco::JSON::Object& parent, const std::string& key,
                                     std::string_view path) {
  const auto value = present(parent, key);
  if (!value) return {};
  if (!isJsonObject(*value)) wrongType(path, "an object", *value);
  return value->extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array::Ptr arrayMember(const Poco::JSON::Object& parent, const std::string& key,
                                   std::string_view path) {
  const auto value = present(parent, key);
  if (!value) return {};
  if (!isJsonArray(*value)) wrongType(path, "an array", *value);
  return value->extract<Poco::JSON::Array::Ptr>();
}

std::optional<std::string> stringMember(const Poco::JSON::Object& parent, const std::string& key,
                                        std::string_view path) {
  const auto value = present(parent, key);
  if (!value) return std::nullopt;
  if (!value->isString()) wrongType(path, "a string", *value);
  return value->extract<std::string>();
}

std::optional<std::int64_t> integerMember(const Poco::JSON::Object& parent, const std::string& key,
                                          std::string_view path) {
  const auto value = present(parent, key);
  if (!value) return std::nullopt;
  if (value->isBoolean() || !value->isInteger()) wrongType(path, "an integer", *value);
  try {
    return value->convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    throw JsonError(std::string(path) + ": " + value->toString() + " is out of range");
  }
}

}  // namespace smee::backend_kube
