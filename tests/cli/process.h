#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

// A child process with its stdout and stderr captured to files, for tests
// that run smeed the way an operator does.
class Process {
 public:
  // Starts `argv` with the current environment plus `env` (an empty value
  // unsets the variable).
  Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
  ~Process();

  // Waits up to `limit` for exit; kills the child and returns -1 on time-out.
  int wait(std::chrono::milliseconds limit = std::chrono::seconds(20));
  // Polls stdout until `text` appears or `limit` passes.
  bool waitForOutput(const std::string& text,
                     std::chrono::milliseconds limit = std::chrono::seconds(10));
  void signal(int sig);
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
  bool reaped_ = false;
};

struct RunResult {
  int status;
  std::string out;
  std::string err;
};

RunResult runToEnd(const std::vector<std::string>& argv,
                   const std::map<std::string, std::string>& env = {});
