#include "token_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include "test_support.h"

namespace smee::backend_http {
namespace {

using backend_file::testing::TempDir;
using backend_file::testing::writeFile;

TEST(TokenFile, ReadsTheTokenWithoutTheLineBreak) {
  TempDir dir;
  writeFile(dir / "token", "s3cret\n");
  TokenFile token(dir / "token");
  token.load();
  std::string problem;
  EXPECT_EQ(token.current(problem), "s3cret");
  EXPECT_EQ(problem, "");
}

TEST(TokenFile, AnEmptyOrMissingFileIsRefusedAtLoad) {
  TempDir dir;
  writeFile(dir / "token", " \n");
  EXPECT_THROW(TokenFile(dir / "token").load(), std::runtime_error);
  try {
    TokenFile(dir / "missing").load();
    FAIL() << "a missing token file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read token file"), std::string::npos) << e.what();
  }
}

TEST(TokenFile, AChangedFileIsReadAgain) {
  TempDir dir;
  writeFile(dir / "token", "first");
  TokenFile token(dir / "token");
  token.load();
  backend_file::testing::replaceAtomically(dir / "token", "second-token");
  std::string problem;
  EXPECT_EQ(token.current(problem), "second-token");
}

TEST(TokenFile, AnEmptiedFileKeepsThePreviousTokenAndSaysSo) {
  TempDir dir;
  writeFile(dir / "token", "first");
  TokenFile token(dir / "token");
  token.load();
  writeFile(dir / "token", "");
  std::string problem;
  EXPECT_EQ(token.current(problem), "first");
  EXPECT_NE(problem.find("is empty; the previous token is used"), std::string::npos) << problem;
}

TEST(TokenFile, ReloadReadsAFileWhoseStatLooksUnchanged) {
  TempDir dir;
  writeFile(dir / "token", "token-1");
  struct stat before {};
  ASSERT_EQ(::stat((dir / "token").c_str(), &before), 0);
  TokenFile token(dir / "token");
  token.load();
  // Same size, same inode, and the old modification time put back: stat()
  // cannot tell, SIGHUP can.
  writeFile(dir / "token", "token-2");
  const struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, (dir / "token").c_str(), times, 0), 0);
  std::string problem;
  EXPECT_EQ(token.current(problem), "token-1");
  token.reload();
  EXPECT_EQ(token.current(problem), "token-2");
}

}  // namespace
}  // namespace smee::backend_http
