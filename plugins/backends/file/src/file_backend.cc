#include "file_backend.h"

#include <malloc.h>

#include <algorithm>

#include "file_content.h"

namespace smee::backend_file {

namespace {

// Enough to spot a pattern; a file with thousands of broken records should
// not bury everything else in the log.
constexpr std::size_t kMaxProblemLines = 100;

std::string positionText(const std::filesystem::path& path, int line, int column) {
  std::string text = path.string();
  if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
  return text;
}

}  // namespace

std::string_view loadTriggerName(LoadTrigger trigger) {
  switch (trigger) {
    case LoadTrigger::Startup:
      return "startup";
    case LoadTrigger::Change:
      return "change";
    case LoadTrigger::Signal:
      return "signal";
  }
  return "unknown";
}

FileBackend::FileBackend(std::filesystem::path path, Logger logger, Metrics& metrics,
                         ReloadGuardPolicy guard)
    : path_(std::move(path)),
      logger_(std::move(logger)),
      reloads_ok_(metrics.counter("smee_backend_file_reloads_total",
                                  "Hardware file loads by result.", {{"result", "ok"}})),
      reloads_error_(metrics.counter("smee_backend_file_reloads_total",
                                     "Hardware file loads by result.", {{"result", "error"}})),
      problems_total_(metrics.counter("smee_backend_file_record_problems_total",
                                      "Problems found in hardware records, over all loads.")),
      records_(metrics.gauge("smee_backend_file_records",
                             "Hardware records currently served from the file.")),
      guard_(guard),
      guard_metrics_("file", metrics),
      reloads_rejected_(metrics.counter("smee_backend_file_reloads_total",
                                        "Hardware file loads by result.",
                                        {{"result", "rejected"}})) {}

std::filesystem::path FileBackend::allowShrinkMarker(const std::filesystem::path& path) {
  return path.string() + ".allow-shrink";
}

LoadReport FileBackend::load(LoadTrigger trigger) {
  std::lock_guard load_lock(load_mutex_);
  HardwareFile file;
  PackedIndexBuilder builder;
  ParseOutcome outcome;
  if (file.open(path_)) outcome = parseHardwareDocument(file, builder);
  // The hash is the whole file's, as the watcher computes it, even where
  // the parse stopped early at an error. readToEnd() fails on a file that
  // already failed to open or read.
  if (!file.readToEnd()) {
    last_read_hash_.reset();
    return fail(trigger, path_.string() + ": " + file.error());
  }
  last_read_hash_ = file.hash();
  if (!outcome.ok()) {
    const DocumentError& error = *outcome.error;
    return fail(trigger, positionText(path_, error.line, error.column) + ": " + error.message);
  }
  logProblems(outcome);

  LoadReport report;
  report.records = builder.recordCount();
  report.malformed = builder.malformedCount();
  report.problems = outcome.problems.size();
  problems_total_.inc(report.problems);
  if (!admit(report.records, trigger, report)) return report;
  report.ok = true;
  auto index = builder.build(path_.string());
  {
    std::lock_guard lock(snapshot_mutex_);
    snapshot_.swap(index);
  }
  index.reset();  // the old snapshot dies here, outside the lock, unless a reader holds it
  ready_.store(true, std::memory_order_release);

  reloads_ok_.inc();
  records_.set(static_cast<std::int64_t>(report.records));
  guard_metrics_.served(report.records);
  logger_.info("hardware file loaded", {{"path", path_.string()},
                                        {"format", hardwareFormatName(outcome.format)},
                                        {"records", report.records},
                                        {"malformed", report.malformed},
                                        {"problems", report.problems},
                                        {"trigger", loadTriggerName(trigger)}});
  // Valid, but rarely meant: a file emptied by mistake leaves every machine
  // without an answer.
  if (report.records == 0 && report.malformed == 0) {
    logger_.warn("hardware file has no hardware records", {{"path", path_.string()}});
  } else if (trigger == LoadTrigger::Startup && report.records < guard_.min_records) {
    // Refusing would serve nothing at all; a new installation grows from here.
    logger_.warn(
        "hardware file has fewer usable records than min_records; served, as there is "
        "no earlier data to keep",
        {{"path", path_.string()},
         {"records", report.records},
         {"min_records", guard_.min_records}});
  }
  // The per-record trees and the builder's lookup tables are freed by now;
  // give that heap back to the system so a large fleet does not keep the
  // load's peak as RSS.
  ::malloc_trim(0);
  return report;
}

bool FileBackend::admit(std::size_t records, LoadTrigger trigger, LoadReport& report) {
  const auto current = snapshot();
  if (!current) return true;  // the first load: there is nothing to keep instead
  const std::size_t before = current->recordCount();
  const ReloadVerdict verdict = judgeReload(before, records, guard_);
  if (!verdict.refused()) return true;

  const std::filesystem::path marker = allowShrinkMarker(path_);
  std::error_code ignored;
  const bool marker_present = std::filesystem::exists(marker, ignored);
  if (guard_.allow_shrink || marker_present) {
    logger_.warn(
        "hardware file reload drops more records than the reload guard allows; accepted "
        "as the operator allows",
        {{"path", path_.string()},
         {"old_records", before},
         {"new_records", records},
         {"rule", reloadRefusalName(verdict.refusal)},
         {"limit", verdict.limit},
         {"allowed_by", guard_.allow_shrink ? std::string("allow_shrink") : marker.string()},
         {"trigger", loadTriggerName(trigger)}});
    return true;
  }
  reloads_rejected_.inc();
  guard_metrics_.refused(verdict.refusal);
  logger_.error("hardware file reload refused, keeping the last good data",
                {{"path", path_.string()},
                 {"old_records", before},
                 {"new_records", records},
                 {"rule", reloadRefusalName(verdict.refusal)},
                 {"limit", verdict.limit},
                 {"trigger", loadTriggerName(trigger)},
                 {"to_accept", "create " + marker.string() + " and send SIGHUP"}});
  report.refusal = verdict.refusal;
  report.error = path_.string() + ": reload refused by " + verdict.ruleText() + ": " +
                 std::to_string(records) + " usable records, " + std::to_string(before) +
                 " served now";
  return false;
}

LoadReport FileBackend::fail(LoadTrigger trigger, std::string error) {
  reloads_error_.inc();
  if (trigger != LoadTrigger::Startup) {
    const auto current = snapshot();
    if (current) {
      logger_.error("hardware file not reloaded, keeping the last good data",
                    {{"error", error},
                     {"records", current->recordCount()},
                     {"trigger", loadTriggerName(trigger)}});
    } else {
      logger_.error("hardware file not loaded",
                    {{"error", error}, {"trigger", loadTriggerName(trigger)}});
    }
  }
  LoadReport report;
  report.error = std::move(error);
  return report;
}

void FileBackend::logProblems(const ParseOutcome& outcome) const {
  const std::size_t shown = std::min(outcome.problems.size(), kMaxProblemLines);
  for (std::size_t i = 0; i < shown; ++i) {
    const RecordProblem& problem = outcome.problems[i];
    const std::string_view subject_key = MacAddress::parse(problem.subject) ? "mac" : "hardware";
    logger_.warn("hardware record problem",
                 {{"at", positionText(path_, problem.line, problem.column)},
                  {subject_key, problem.subject},
                  {"field", problem.field},
                  {"impact", problemImpactName(problem.impact)},
                  {"problem", problem.message}});
  }
  if (outcome.problems.size() > shown) {
    logger_.warn("more hardware record problems not logged",
                 {{"path", path_.string()}, {"not_logged", outcome.problems.size() - shown}});
  }
}

std::optional<std::uint64_t> FileBackend::lastReadHash() const {
  std::lock_guard lock(load_mutex_);
  return last_read_hash_;
}

std::shared_ptr<const PackedHardwareIndex> FileBackend::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

LookupResult FileBackend::byMac(const MacAddress& mac) const {
  const auto current = snapshot();
  if (!current) {
    return {LookupStatus::Unavailable, nullptr, "hardware file " + path_.string() + " not loaded"};
  }
  return current->byMac(mac);
}

LookupResult FileBackend::byIp(Ipv4Address ip) const {
  const auto current = snapshot();
  if (!current) {
    return {LookupStatus::Unavailable, nullptr, "hardware file " + path_.string() + " not loaded"};
  }
  return current->byIp(ip);
}

}  // namespace smee::backend_file
