#include "smee/smee_series.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace smee {
namespace {

const char* kDhcpTypes[] = {"DHCPACK", "DHCPDECLINE", "DHCPDISCOVER", "DHCPINFORM",
                            "DHCPNAK", "DHCPOFFER",   "DHCPRELEASE",  "DHCPREQUEST"};
const char* kHttpOps[] = {"file", "hardware-components", "phone-home", "problem", "event"};

double nowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Counter& jobsTotal(Metrics& m, const std::string& from, const std::string& op) {
  return m.counter("jobs_total", "Number of jobs.", {{"from", from}, {"op", op}});
}
Gauge& jobsInProgress(Metrics& m, const std::string& from, const std::string& op) {
  return m.gauge("jobs_in_progress", "Number of jobs currently being processed.",
                 {{"from", from}, {"op", op}});
}
Histogram& jobsDuration(Metrics& m, const std::string& from, const std::string& op) {
  return m.histogram("jobs_duration_seconds", "Duration taken to handle a job.", smeeBuckets(),
                     {{"from", from}, {"op", op}});
}

std::string number(double value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return buf;
}

void series(std::string& out, const char* name, const char* type, const char* help, double value) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
         name + " " + number(value) + "\n";
}

}  // namespace

const std::vector<double>& smeeBuckets() {
  static const std::vector<double> buckets = [] {
    std::vector<double> b;
    b.reserve(10);
    for (int i = 0; i < 10; ++i) b.push_back(0.01 + 0.05 * i);
    return b;
  }();
  return buckets;
}

void registerSmeeSeries(Metrics& m) {
  for (const char* type : kDhcpTypes) smeeDhcpTotal(m, "recv", type);
  smeeDhcpTotal(m, "send", "DHCPOFFER");
  for (const char* from : {"dhcp", "ip"}) {
    m.counter("discover_total", "Number of discover requests.", {{"from", from}});
    m.gauge("discover_in_progress", "Number of discover requests currently being processed.",
            {{"from", from}});
    m.histogram("discover_duration_seconds", "Duration taken to handle a discover request.",
                smeeBuckets(), {{"from", from}});
  }
  for (const char* type : kDhcpTypes) smeeJobSeries(m, "dhcp", type);
  for (const char* op : kHttpOps) smeeJobSeries(m, "http", op);
  smeeJobSeries(m, "tftp", "read");
}

Counter& smeeDhcpTotal(Metrics& m, const std::string& op, const std::string& type) {
  return m.counter("dhcp_total", "Number of DHCP packets received or sent.",
                   {{"op", op}, {"type", type}});
}

Counter& smeeJobsTotal(Metrics& m, const std::string& from, const std::string& op) {
  return jobsTotal(m, from, op);
}

SmeeJobSeries smeeJobSeries(Metrics& m, const std::string& from, const std::string& op) {
  return {jobsTotal(m, from, op), jobsInProgress(m, from, op), jobsDuration(m, from, op)};
}

SmeeJob::SmeeJob(const SmeeJobSeries& series)
    : duration_(series.duration), in_progress_(series.in_progress), started_(nowSeconds()) {
  series.total.inc();
  in_progress_.add(1);
}

SmeeJob::~SmeeJob() {
  in_progress_.add(-1);
  duration_.observe(nowSeconds() - started_);
}

std::string processMetricsText() {
  std::string out;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  // /proc/self/stat: fields after the command name, which may hold spaces.
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');
  if (close != std::string::npos) {
    std::istringstream fields(stat.substr(close + 2));
    std::vector<std::string> f;
    for (std::string item; fields >> item;) f.push_back(item);
    // f[0] is field 3 (state): utime 14, stime 15, starttime 22, vsize 23, rss 24.
    if (f.size() > 21) {
      series(out, "process_cpu_seconds_total", "counter",
             "Total user and system CPU time spent in seconds.",
             (std::stod(f[11]) + std::stod(f[12])) / ticks);
      double boot = 0;
      std::ifstream proc_stat("/proc/stat");
      for (std::string line; std::getline(proc_stat, line);) {
        if (line.rfind("btime ", 0) == 0) boot = std::stod(line.substr(6));
      }
      series(out, "process_start_time_seconds", "gauge",
             "Start time of the process since unix epoch in seconds.",
             boot + std::stod(f[19]) / ticks);
      series(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
             std::stod(f[20]));
      series(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
             std::stod(f[21]) * page);
    }
  }
  double open_fds = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] != '.') ++open_fds;
    }
    ::closedir(dir);
    --open_fds;  // the directory stream's own descriptor
  }
  series(out, "process_open_fds", "gauge", "Number of open file descriptors.", open_fds);
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    series(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
           static_cast<double>(limit.rlim_cur));
  }
  return out;
}

}  // namespace smee
