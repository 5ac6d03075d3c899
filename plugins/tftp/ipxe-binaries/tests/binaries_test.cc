#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "directory_source.h"
#include "requested_name.h"
#include "script_patch.h"

namespace smee::ipxe_binaries {
namespace {
namespace fs = std::filesystem;

TEST(RequestedName, LastElementMacDirectoryAndTraceSuffix) {
  auto n = parseRequestedName("/52:54:00:12:34:56/undionly.kpxe");
  EXPECT_EQ(n.base, "undionly.kpxe");
  EXPECT_EQ(n.mac, "52:54:00:12:34:56");
  EXPECT_EQ(parseRequestedName("foo/bar/ipxe.efi").base, "ipxe.efi");
  EXPECT_EQ(
      parseRequestedName("ipxe.efi-00-23b1e307bb35484f535a1f772c06910e-d887dc3912240434-01").base,
      "ipxe.efi");
  EXPECT_EQ(parseRequestedName("my-file-name.efi").base, "my-file-name.efi");
}

TEST(RequestedName, TraversalAndOddBytesAreRefused) {
  for (const char* bad : {"../../etc/passwd", "a/../../b", "..", "", "/", "a\\b", "a\nb"}) {
    EXPECT_FALSE(parseRequestedName(bad).refusal.empty()) << bad;
  }
  // A trace suffix is not a name, and does not hide a ".." (found by fuzzing:
  // the name came out empty, or ".." became the binary looked up).
  for (const char* bad :
       {"-00-23b1e307bb35484f535a1f772c06910e-d887dc3912240434-01",
        "52:54:00:12:34:56/-00-23b1e307bb35484f535a1f772c06910e-d887dc3912240434-01",
        "a/..-00-23b1e307bb35484f535a1f772c06910e-d887dc3912240434-01",
        ".-00-23b1e307bb35484f535a1f772c06910e-d887dc3912240434-01"}) {
    EXPECT_FALSE(parseRequestedName(bad).refusal.empty()) << bad;
  }
  // No percent-decoding in TFTP: "%2e%2e" is a (missing) file name.
  EXPECT_TRUE(parseRequestedName("%2e%2e/passwd").refusal.empty());
}

TEST(ScriptPatch, OverwritesTheMarkerOnlyAndKeepsTheLength) {
  std::string prefix = "MZ-binary-start ", suffix = " end-of-binary";
  std::string file = prefix + std::string(scriptPatchMarker()) + suffix;
  std::vector<std::uint8_t> bytes(file.begin(), file.end());
  auto at = findMarker(bytes);
  ASSERT_EQ(at, prefix.size());
  auto patched = applyScriptPatch(bytes, at, "set syslog 192.0.2.1\n");
  ASSERT_EQ(patched.size(), bytes.size());
  std::string text(patched.begin(), patched.end());
  EXPECT_EQ(text, prefix + "set syslog 192.0.2.1\n" + std::string(131 - 21, ' ') + suffix);
  std::vector<std::uint8_t> none = {1, 2, 3};
  EXPECT_EQ(findMarker(none), std::string::npos);
}

class SourceTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() / ("smeed-binaries-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    for (const char* d : {"debian", "operator", "assets/pxelinux.cfg", "outside"})
      fs::create_directories(root_ / d);
    write("debian/undionly.kpxe", "debian undionly");
    write("debian/ipxe-real.efi", "debian ipxe.efi " + std::string(scriptPatchMarker()) + " tail");
    fs::create_symlink(root_ / "debian/ipxe-real.efi", root_ / "debian/ipxe.efi");
    write("operator/snp.efi", "arm64 snp");
    write("operator/undionly.kpxe", "operator undionly");
    write("assets/pxelinux.cfg/default", "DEFAULT linux");
    write("outside/secret", "secret");
    fs::create_symlink(root_ / "outside/secret", root_ / "assets/escape");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ / rel) << text;
  }
  DirectorySource source(const std::string& patch = "") const {
    return DirectorySource({root_ / "operator", root_ / "debian"}, root_ / "assets", patch);
  }
  static std::string text(const BinaryLookup& r) {
    return r.image ? std::string(r.image->bytes.begin(), r.image->bytes.end()) : "";
  }
  fs::path root_;
};

TEST_F(SourceTest, OperatorDirectoryWinsAndSymlinksInBinaryDirsWork) {
  auto s = source();
  EXPECT_EQ(text(s.open("undionly.kpxe")), "operator undionly");
  EXPECT_EQ(text(s.open("/aa:bb:cc:dd:ee:ff/snp.efi")), "arm64 snp");
  EXPECT_EQ(s.open("/aa:bb:cc:dd:ee:ff/snp.efi").mac, "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(s.open("ipxe.efi").status, BinaryStatus::Found);
}

TEST_F(SourceTest, UnknownFilesAndTraversalAreNotServed) {
  auto s = source();
  auto missing = s.open("autoexec.ipxe");
  EXPECT_EQ(missing.status, BinaryStatus::NotFound);
  EXPECT_EQ(missing.detail, "file [autoexec.ipxe] unknown: file does not exist");
  EXPECT_EQ(s.open("../../etc/passwd").status, BinaryStatus::Refused);
  EXPECT_EQ(s.open("/etc/passwd").status, BinaryStatus::NotFound);
  EXPECT_EQ(s.open("%2e%2e/%2e%2e/etc/passwd").status, BinaryStatus::NotFound);
  EXPECT_EQ(s.open("escape").status, BinaryStatus::Refused);
  EXPECT_EQ(text(s.open("pxelinux.cfg/default")), "DEFAULT linux");
}

TEST_F(SourceTest, PatchAppliesToBinariesWithTheMarkerOnly) {
  auto s = source("set user-class Tinkerbell");
  auto efi = s.open("ipxe.efi");
  ASSERT_EQ(efi.status, BinaryStatus::Found);
  EXPECT_TRUE(efi.image->patched);
  EXPECT_EQ(text(efi),
            "debian ipxe.efi set user-class Tinkerbell" + std::string(131 - 25, ' ') + " tail");
  EXPECT_FALSE(s.open("undionly.kpxe").image->patched);
}

TEST_F(SourceTest, ImagesAreCachedUntilTheFileChanges) {
  auto s = source();
  auto first = s.open("snp.efi").image;
  EXPECT_EQ(s.open("snp.efi").image, first);  // the same mapping, not re-read
  write("operator/snp.efi", "arm64 snp, rebuilt");
  auto second = s.open("snp.efi");
  EXPECT_NE(second.image, first);
  EXPECT_EQ(text(second), "arm64 snp, rebuilt");
  EXPECT_EQ(std::string(first->bytes.begin(), first->bytes.end()).substr(0, 9), "arm64 snp");
}

}  // namespace
}  // namespace smee::ipxe_binaries
