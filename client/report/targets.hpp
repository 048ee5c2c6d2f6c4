// What a run over many targets (every connection of every job of the job
// files given) reports, for the formats that speak of all of them at once:
// JUnit XML, GitHub Actions workflow commands and the HTML page
// (junit_report, github_report, html_report). Each target's check wrote its
// own JSON report (json_report.hpp); these read it back.
#pragma once

#include "../../core/row.hpp"
#include "../common/exit_status.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace preflight::client {

struct TargetReport {
    std::string job;   // the job's name
    std::string file;  // the job file it came from ("" from the command line)
    std::string label; // "the source of job "x"", "destination 1 of job "x""
    std::string end;   // "source" or "destination"
    Outcome outcome = Outcome::Ready;
    std::string error;             // why it was not checked (then `report` is null)
    nlohmann::ordered_json report; // the connection's JSON report
    double seconds = 0;            // connecting and checking
};

// The rows of a target's report (none when it was not checked).
Rows report_rows(const TargetReport& t);

// "ready", "not ready", "failed", "interrupted".
const char* outcome_word(Outcome o);

// Missing and warning rows over all targets, and how many targets are not
// ready or failed: for the one-line summaries.
struct Tally {
    std::size_t targets = 0, ready = 0, not_ready = 0, failed = 0;
    std::size_t missing = 0, warnings = 0;
};
Tally tally(const std::vector<TargetReport>& targets);

// What a row is about, as a person names it: table "s"."t", column
// "s"."t"."c", schema "s", database "d".
std::string object_label(const Row& r);

} // namespace preflight::client
