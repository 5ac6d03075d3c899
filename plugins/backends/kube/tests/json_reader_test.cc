// Poco::JSON at the kube backend's boundary: what it refuses, and that every
// refusal is a JsonError with a reason, never a crash or bad text let through.
#include "json_reader.h"

#include <gtest/gtest.h>

#include "hardware_json.h"
#include "json_to_yaml.h"

namespace smee::backend_kube {
namespace {

using testing::hardwareJson;

// The reason parseJsonObject gives for `text`, or "" when it accepts it.
std::string refusal(const std::string& text) {
  try {
    parseJsonObject(text);
    return "";
  } catch (const JsonError& e) {
    return e.what();
  }
}

TEST(JsonReader, RefusesNumbersJsonDoesNotAllow) {
  for (const char* number : {"1-2e", "01", "-01", "1e", "1e+", "-", "1.", ".5", "+1", "0x10", "NaN",
                             "Infinity", "1e400", "99999999999999999999999"}) {
    const std::string reason = refusal(std::string(R"({"lease_time": )") + number + "}");
    EXPECT_EQ(reason.rfind("invalid JSON: ", 0), 0u) << number << " -> " << reason;
  }
  EXPECT_EQ(refusal(R"({"a": -0, "b": 1.5e3, "c": 0.25, "d": -12})"), "");
}

TEST(JsonReader, RefusesLoneSurrogatesAndKeepsPairs) {
  for (const char* text : {R"({"h": "\ud800"})", R"({"h": "\ud800x"})", R"({"h": "\udc00"})",
                           R"({"h": "\ud800\u0041"})", R"({"h": "\ud800\ud800"})"}) {
    const std::string reason = refusal(text);
    EXPECT_EQ(reason.rfind("invalid JSON: ", 0), 0u) << text << " -> " << reason;
  }
  const auto object = parseJsonObject(R"({"h": "\u00e9\ud83d\ude00\u003c"})");
  EXPECT_EQ(stringMember(*object, "h", "h"), "\xc3\xa9\xf0\x9f\x98\x80<");
}

TEST(JsonReader, RefusesTextThatIsNotUtf8) {
  EXPECT_EQ(refusal("{\"h\": \"\xff\"}"), "invalid JSON: the text is not UTF-8");
  EXPECT_EQ(refusal("{\"h\": \"\xc3\"}"), "invalid JSON: the text is not UTF-8");
  EXPECT_EQ(refusal("{\"h\": \"\xed\xa0\x80\"}"), "invalid JSON: the text is not UTF-8");  // U+D800
}

TEST(JsonReader, RefusesEveryTruncationOfAHardwareObject) {
  const std::string whole = hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10");
  ASSERT_EQ(refusal(whole), "");
  for (std::size_t length = 0; length < whole.size(); ++length) {
    const std::string reason = refusal(whole.substr(0, length));
    ASSERT_FALSE(reason.empty()) << "accepted a document cut at " << length;
  }
}

TEST(JsonReader, RefusesMalformedStructureWithAReason) {
  for (const char* text : {"", " ", "{", R"({"a":})", R"({"a" 1})", R"({"a":1,})", R"({"a":"x)",
                           R"({"a":1} x)", R"({"a":1} {"b":2})", R"({"a":tru})", "{\"a\":\"\x01\"}",
                           R"({'a': 1})", R"({a: 1})", R"({"a": 1 /* c */})"}) {
    EXPECT_EQ(refusal(text).rfind("invalid JSON: ", 0), 0u) << text;
  }
  EXPECT_EQ(refusal("[1]"), "expected a JSON object, found an array");
  EXPECT_EQ(refusal(R"("x")").rfind("invalid JSON: ", 0), 0u);  // Poco takes no bare scalar
  EXPECT_EQ(refusal("42").rfind("invalid JSON: ", 0), 0u);
}

TEST(JsonReader, BoundsNesting) {
  auto nested = [](std::size_t depth) {
    return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  EXPECT_EQ(refusal(nested(kMaxJsonDepth)), "");
  EXPECT_EQ(refusal(nested(kMaxJsonDepth + 1)).rfind("invalid JSON: ", 0), 0u);
  // Far deeper than the stack would take if anything recursed without a bound.
  EXPECT_FALSE(refusal(std::string(200000, '[')).empty());
  EXPECT_FALSE(refusal("{\"a\":" + std::string(200000, '{')).empty());
}

TEST(JsonReader, MembersOfTheWrongTypeAreNamed) {
  const auto object = parseJsonObject(
      R"({"s": "x", "n": 410, "f": 1.5, "b": true, "o": {}, "a": [], "z": null, "big": 18446744073709551615})");
  auto reason = [](auto read) -> std::string {
    try {
      read();
      return "";
    } catch (const JsonError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(reason([&] { stringMember(*object, "n", "metadata.name"); }),
            "metadata.name: expected a string, found a number");
  EXPECT_EQ(reason([&] { objectMember(*object, "a", "spec"); }),
            "spec: expected an object, found an array");
  EXPECT_EQ(reason([&] { arrayMember(*object, "o", "items"); }),
            "items: expected an array, found an object");
  EXPECT_EQ(reason([&] { integerMember(*object, "s", "code"); }),
            "code: expected an integer, found a string");
  EXPECT_EQ(reason([&] { integerMember(*object, "f", "code"); }),
            "code: expected an integer, found a number");
  EXPECT_EQ(reason([&] { integerMember(*object, "b", "code"); }),
            "code: expected an integer, found a boolean");
  EXPECT_EQ(reason([&] { integerMember(*object, "big", "code"); }),
            "code: 18446744073709551615 is out of range");
  // Absent and null are "not there", not a type error.
  EXPECT_FALSE(stringMember(*object, "z", "z"));
  EXPECT_FALSE(stringMember(*object, "missing", "missing"));
  EXPECT_FALSE(objectMember(*object, "z", "z"));
  EXPECT_EQ(integerMember(*object, "n", "n"), 410);
}

TEST(JsonReader, TheLastOfDuplicateKeysWinsAsInEncodingJson) {
  EXPECT_EQ(stringMember(*parseJsonObject(R"({"a":"1","a":"2"})"), "a", "a"), "2");
}

TEST(JsonToYaml, BuildsTheTreeTheConversionReads) {
  const auto json = parseJsonObject(
      R"({"a": {"b": [1, "two", true, null]}, "s": "x\u003cy", "n": -12.5, "e": {}, "l": [],)"
      R"("big": 4294967296, "exp": 1e3})");
  const YAML::Node node = yamlFromJson(Poco::Dynamic::Var(json));
  ASSERT_TRUE(node["a"]["b"].IsSequence());
  EXPECT_EQ(node["a"]["b"][0].Scalar(), "1");
  EXPECT_EQ(node["a"]["b"][1].Scalar(), "two");
  EXPECT_TRUE(node["a"]["b"][2].as<bool>());
  EXPECT_TRUE(node["a"]["b"][3].IsNull());
  EXPECT_EQ(node["s"].Scalar(), "x<y");
  EXPECT_EQ(node["n"].Scalar(), "-12.5");
  EXPECT_EQ(node["big"].Scalar(), "4294967296");
  EXPECT_EQ(node["exp"].Scalar(), "1000");
  EXPECT_TRUE(node["e"].IsMap());
  EXPECT_TRUE(node["l"].IsSequence());
}

}  // namespace
}  // namespace smee::backend_kube
