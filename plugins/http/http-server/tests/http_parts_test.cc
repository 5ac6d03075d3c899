#include <gtest/gtest.h>

#include "connection_limits.h"
#include "forwarded_for.h"
#include "http_reply.h"
#include "http_request.h"
#include "request_path.h"
#include "smee/errors.h"

namespace smee::http {
namespace {

TEST(RequestPath, NormalisesWithoutRedirecting) {
  EXPECT_EQ(normalizePath("/ipxe//ipxe.efi"), "/ipxe/ipxe.efi");
  EXPECT_EQ(normalizePath("/ipxe/./ipxe.efi?x=1"), "/ipxe/ipxe.efi");
  EXPECT_EQ(normalizePath("/a/b/../auto.ipxe"), "/a/auto.ipxe");
  EXPECT_EQ(normalizePath("/52%3A54%3A00%3A12%3A34%3A56/auto.ipxe"),
            "/52:54:00:12:34:56/auto.ipxe");
  EXPECT_EQ(normalizePath(""), "/");
  EXPECT_FALSE(normalizePath("/../etc/passwd"));
  EXPECT_FALSE(normalizePath("/ipxe/%2e%2e/%2e%2e/etc/passwd"));
  EXPECT_FALSE(normalizePath("/a%00b"));
  EXPECT_EQ(normalizePath("/bad%zzescape"), "/bad%zzescape");
}

// "/ipxe/" normalises to "/ipxe", shorter than the prefix: taking the name
// with substr(6) threw and the request was answered 500.
TEST(RequestPath, IpxeRequestNameIsWhatFollowsThePrefix) {
  EXPECT_EQ(ipxeRequestName("/ipxe/aa:bb:cc:dd:ee:ff/ipxe.efi"), "aa:bb:cc:dd:ee:ff/ipxe.efi");
  EXPECT_EQ(ipxeRequestName("/ipxe/ipxe.efi"), "ipxe.efi");
  EXPECT_EQ(ipxeRequestName(*normalizePath("/ipxe/")), "");
  EXPECT_EQ(ipxeRequestName("/ipxe"), "");
}

TEST(ForwardedFor, OnlyTrustedProxiesAreBelieved) {
  auto ip = [](const char* t) { return *Ipv4Address::parse(t); };
  TrustedProxies proxies({"10.0.0.0/8", "192.0.2.9"});
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "198.51.100.7"), ip("198.51.100.7"));
  EXPECT_EQ(proxies.clientOf(ip("203.0.113.5"), "198.51.100.7"), ip("203.0.113.5"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "198.51.100.7, 192.0.2.9, 10.2.2.2"),
            ip("198.51.100.7"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "junk, 198.51.100.8"), ip("198.51.100.8"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "junk"), ip("10.1.1.1"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "10.3.3.3, 10.4.4.4"), ip("10.3.3.3"));
  EXPECT_THROW(TrustedProxies({"10.0.0.0/99"}), ConfigError);
}

TEST(RequestHead, ParsesARequestAsIpxeSendsIt) {
  HttpRequest r;
  std::string text =
      "GET /52:54:00:12:34:56/auto.ipxe HTTP/1.1\r\nConnection: keep-alive\r\nUser-Agent: "
      "iPXE/1.21.1\r\n"
      "Host: 192.0.2.1:8080\r\n\r\nGET /next";
  HeadParse p = parseRequestHead(text, r);
  ASSERT_EQ(p.status, HeadStatus::Complete);
  EXPECT_EQ(p.length, text.find("GET /next"));
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/52:54:00:12:34:56/auto.ipxe");
  EXPECT_EQ(r.minor_version, 1);
  EXPECT_EQ(r.header("host"), "192.0.2.1:8080");
  EXPECT_EQ(r.header("USER-AGENT"), "iPXE/1.21.1");
  EXPECT_EQ(r.header("Range"), "");
  EXPECT_TRUE(r.keepAlive());
}

TEST(RequestHead, LineEndsEmptyLinesAndKeepAlive) {
  HttpRequest r;
  ASSERT_EQ(parseRequestHead("\r\n\nGET / HTTP/1.0\nX:  padded \t\n\n", r).status,
            HeadStatus::Complete);
  EXPECT_EQ(r.header("x"), "padded");
  EXPECT_FALSE(r.keepAlive());  // HTTP/1.0 closes unless asked
  ASSERT_EQ(parseRequestHead("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", r).status,
            HeadStatus::Complete);
  EXPECT_TRUE(r.keepAlive());
  ASSERT_EQ(parseRequestHead("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n", r).status,
            HeadStatus::Complete);
  EXPECT_FALSE(r.keepAlive());
  ASSERT_EQ(parseRequestHead("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", r).status,
            HeadStatus::Complete);
  EXPECT_EQ(r.content_length, 5u);
}

TEST(RequestHead, IncompleteUntilTheBlankLine) {
  HttpRequest r;
  std::string text = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_EQ(parseRequestHead(std::string_view(text).substr(0, n), r, n > 0 ? n - 1 : 0).status,
              HeadStatus::Incomplete)
        << n;
  }
  // A caller that remembers how far it searched finds the end split across reads.
  EXPECT_EQ(parseRequestHead(text, r, text.size() - 1).status, HeadStatus::Complete);
  EXPECT_EQ(parseRequestHead(text, r, text.size() - 2).status, HeadStatus::Complete);
}

TEST(RequestHead, RefusesWhatCouldBeReadTwoWays) {
  struct Bad {
    const char* text;
    int status;
  };
  const Bad cases[] = {
      {"GET /\r\n\r\n", 400},
      {"GET / HTTP/1.1 extra\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET /a\x01 HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / HTTP/1.x\r\n\r\n", 400},
      {"GET / http/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
  };
  for (const Bad& bad : cases) {
    HttpRequest r;
    HeadParse p = parseRequestHead(bad.text, r);
    EXPECT_EQ(p.status, HeadStatus::Malformed) << bad.text;
    EXPECT_EQ(p.error_status, bad.status) << bad.text;
    EXPECT_FALSE(p.error.empty());
  }
  std::string many = "GET / HTTP/1.1\r\n";
  for (std::size_t i = 0; i <= kMaxHeaderFields; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  HttpRequest r;
  EXPECT_EQ(parseRequestHead(many + "\r\n", r).error_status, 431);
}

TEST(Reply, HeadBlock) {
  std::string head =
      serializeHead(206, {{"Content-Range", "bytes 0-1/10"}}, 2, true, false, "DATE");
  EXPECT_EQ(head,
            "HTTP/1.1 206 Partial Content\r\nDate: DATE\r\nContent-Range: bytes 0-1/10\r\n"
            "Content-Length: 2\r\n\r\n");
  EXPECT_NE(serializeHead(200, {}, 0, false, false, "D").find("Connection: close\r\n"),
            std::string::npos);
  EXPECT_NE(serializeHead(200, {}, 0, true, true, "D").find("Connection: keep-alive\r\n"),
            std::string::npos);
  EXPECT_NE(serializeHead(200, {}, kChunked, true, false, "D").find("Transfer-Encoding: chunked"),
            std::string::npos);
  EXPECT_EQ(serializeHead(200, {}, kUntilClose, false, false, "D").find("Content-Length"),
            std::string::npos);
  EXPECT_EQ(httpDateNow().size(), 29u);  // "Sun, 06 Nov 1994 08:49:37 GMT"
}

TEST(ConnectionLimits, TotalAndPerClient) {
  ConnectionLimits limits(3, 2);
  EXPECT_EQ(limits.admit(1), Admission::Admitted);
  EXPECT_EQ(limits.admit(1), Admission::Admitted);
  EXPECT_EQ(limits.admit(1), Admission::OverClient);
  EXPECT_EQ(limits.admit(2), Admission::Admitted);
  EXPECT_EQ(limits.admit(3), Admission::OverTotal);
  EXPECT_EQ(limits.open(), 3);
  limits.release(1);
  EXPECT_EQ(limits.admit(3), Admission::Admitted);
  limits.release(7);  // never admitted: no effect
  EXPECT_EQ(limits.open(), 3);
}

}  // namespace
}  // namespace smee::http
