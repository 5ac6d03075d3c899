#include <gtest/gtest.h>

#include <map>

#include "exporter_settings.h"
#include "otlp_json.h"
#include "recording_tracer.h"
#include "smee/errors.h"
#include "span_buffer.h"

namespace smee::otel {
namespace {

const TraceContext kParent =
    *parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

TEST(TraceContext, ParsesAndFormatsW3cTraceparent) {
  EXPECT_EQ(formatTraceparent(kParent), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_TRUE(kParent.sampled());
  EXPECT_FALSE(parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  EXPECT_FALSE(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
  EXPECT_FALSE(parseTraceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
  EXPECT_FALSE(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"));
  EXPECT_FALSE(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736x00f067aa0ba902b7-01"));
  EXPECT_FALSE(parseTraceparent(""));
  // A later version may add fields after a dash.
  EXPECT_TRUE(parseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more"));
}

TEST(TraceContext, BinaryFormIsSmeesSubOption69) {
  auto bytes = binaryTraceparent(kParent);
  EXPECT_EQ(bytes[0], 0x00);
  EXPECT_EQ(bytes[1], 0x4b);
  EXPECT_EQ(bytes[16], 0x36);
  EXPECT_EQ(bytes[17], 0x00);
  EXPECT_EQ(bytes[24], 0xb7);
  EXPECT_EQ(bytes[25], 0x01);
  auto off = binaryTraceparent(std::nullopt);
  for (auto b : off) EXPECT_EQ(b, 0);
}

TEST(TraceContext, FileNameSuffixIsSplitAsIpxedustDoes) {
  auto split = splitTraceSuffix("undionly.kpxe" + traceSuffix(kParent));
  EXPECT_EQ(split.name, "undionly.kpxe");
  ASSERT_TRUE(split.context);
  EXPECT_EQ(split.context->traceIdHex(), kParent.traceIdHex());
  EXPECT_EQ(split.context->spanIdHex(), kParent.spanIdHex());
  // Prefix match without an end anchor: trailing text is ignored.
  EXPECT_EQ(splitTraceSuffix("snp-arm64.efi" + traceSuffix(kParent) + "-junk").name,
            "snp-arm64.efi");
  EXPECT_EQ(splitTraceSuffix("snp-arm64.efi").name, "snp-arm64.efi");
  EXPECT_FALSE(splitTraceSuffix("ipxe.efi-00-zz").context);
}

TEST(RecordingTracer, ChildrenJoinTheParentsTraceAndRootsStartNewOnes) {
  std::vector<FinishedSpan> ended;
  RecordingTracer tracer([&](FinishedSpan&& s) { ended.push_back(std::move(s)); });
  {
    auto root = tracer.startSpan("root", SpanKind::Server, std::nullopt);
    auto child = tracer.startSpan("child", SpanKind::Internal, root->context());
    child->setString("k", "v");
    child->setInt("n", 7);
    child->setError("broke");
    EXPECT_EQ(child->context().trace_id, root->context().trace_id);
    EXPECT_NE(child->context().span_id, root->context().span_id);
    child->end();
    child->setString("ignored", "after end");
  }
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_EQ(ended[0].name, "child");
  EXPECT_EQ(ended[0].parent_span_id, ended[1].context.span_id);
  EXPECT_EQ(ended[0].attributes.size(), 2u);
  EXPECT_TRUE(ended[0].failed);
  EXPECT_GE(ended[0].end_unix_nanos, ended[0].start_unix_nanos);
  EXPECT_EQ(ended[1].parent_span_id, (std::array<std::uint8_t, 8>{}));

  auto remote = tracer.startSpan("remote child", SpanKind::Server, kParent);
  EXPECT_EQ(remote->context().traceIdHex(), kParent.traceIdHex());
}

TEST(RecordingTracer, AParentNotSampledIsNotRecordedButItsTraceTravels) {
  std::vector<FinishedSpan> ended;
  RecordingTracer tracer([&](FinishedSpan&& s) { ended.push_back(std::move(s)); });
  TraceContext unsampled = kParent;
  unsampled.flags = 0;
  auto span = tracer.startSpan("x", SpanKind::Server, unsampled);
  EXPECT_EQ(span->context().trace_id, kParent.trace_id);
  EXPECT_FALSE(span->context().sampled());
  span->end();
  EXPECT_TRUE(ended.empty());
}

TEST(SpanBuffer, DropsWhenFullAndHandsOutBatches) {
  SpanBuffer buffer(3, 2);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buffer.push(FinishedSpan{}));
  EXPECT_FALSE(buffer.push(FinishedSpan{}));
  EXPECT_EQ(buffer.takeBatch(std::chrono::milliseconds(0)).size(), 2u);
  EXPECT_EQ(buffer.takeBatch(std::chrono::milliseconds(0)).size(), 1u);
  buffer.close();
  EXPECT_FALSE(buffer.push(FinishedSpan{}));
  EXPECT_TRUE(buffer.takeBatch(std::chrono::seconds(10)).empty());  // closed: does not wait
}

TEST(OtlpJson, EncodesOtlpJsonWithHexIdsAndValidUtf8) {
  FinishedSpan span;
  span.name = "TFTP get";
  span.kind = SpanKind::Server;
  span.context = kParent;
  span.parent_span_id = {1, 2, 3, 4, 5, 6, 7, 8};
  span.start_unix_nanos = 10;
  span.end_unix_nanos = 20;
  span.attributes = {{"bytes", std::int64_t{42}}, {"host", std::string("a\xff\"b")}, {"ok", true}};
  span.failed = true;
  span.status_message = "timeout";
  ResourceInfo resource{{{"service.name", std::string("smee")}}, "smeed", "1.0"};
  std::string json = encodeOtlpJson(resource, {span});
  EXPECT_NE(json.find("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\""), std::string::npos);
  EXPECT_NE(json.find("\"parentSpanId\":\"0102030405060708\""), std::string::npos);
  EXPECT_NE(json.find("\"kind\":2"), std::string::npos);
  EXPECT_NE(json.find("\"startTimeUnixNano\":\"10\""), std::string::npos);
  EXPECT_NE(json.find("{\"key\":\"bytes\",\"value\":{\"intValue\":\"42\"}}"), std::string::npos);
  EXPECT_NE(json.find("\"stringValue\":\"a\xEF\xBF\xBD\\\"b\""), std::string::npos);
  EXPECT_NE(json.find("\"boolValue\":true"), std::string::npos);
  EXPECT_NE(json.find("\"status\":{\"code\":2,\"message\":\"timeout\"}"), std::string::npos);
  EXPECT_NE(json.find("\"service.name\",\"value\":{\"stringValue\":\"smee\"}"), std::string::npos);
}

TEST(ExporterSettings, SmeesHostPortBecomesAnOtlpHttpUrl) {
  EXPECT_EQ(otlpTracesUrl("collector:4318", true), "http://collector:4318/v1/traces");
  EXPECT_EQ(otlpTracesUrl("collector:4318", false), "https://collector:4318/v1/traces");
  EXPECT_EQ(otlpTracesUrl("http://c:4318", true), "http://c:4318/v1/traces");
  EXPECT_EQ(otlpTracesUrl("http://c:4318/", true), "http://c:4318/v1/traces");
  EXPECT_EQ(otlpTracesUrl("https://c/custom/path", true), "https://c/custom/path");
}

TEST(ExporterSettings, KeyValueListsDecodeAndRejectGarbage) {
  auto kv = parseKeyValueList("api-key=a%20b, x = y ,", "env X");
  ASSERT_EQ(kv.size(), 2u);
  EXPECT_EQ(kv[0].second, "a b");
  EXPECT_EQ(kv[1].first, "x");
  EXPECT_THROW(parseKeyValueList("novalue", "env X"), Error);
  EXPECT_THROW(parseKeyValueList("k=%zz", "env X"), Error);
}

}  // namespace
}  // namespace smee::otel
