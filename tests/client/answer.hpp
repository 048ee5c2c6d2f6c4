// A check's answer as the streamed API gives it, for the report tests: the
// result, and the rows a RowCollector would keep, read back as a RowsView.
#pragma once

#include "config/config.hpp"
#include "connection/facts.hpp"
#include "preflight/preflight.hpp"
#include "report/json_report.hpp"
#include "report/row_source.hpp"
#include "report/verdict.hpp"

#include <sstream>
#include <string>

namespace testing_client {

struct Answer : preflight::client::PreflightResult {
    preflight::Rows rows;
};

// The --format json document of an answer, as pg_preflight writes it.
inline std::string json_of(const preflight::client::ConnectionFacts& facts,
                           const std::string& origin, const preflight::client::CheckConfig& check,
                           const Answer& answer) {
    std::ostringstream out;
    preflight::client::write_json(out, facts, origin, check, answer,
                                  preflight::client::RowsView(answer.rows));
    return out.str();
}

// The counts of rows, one by one, as the reports count them.
inline preflight::client::Verdict verdict_of(const preflight::Rows& rows) {
    preflight::client::Verdict v;
    for (const auto& r : rows)
        preflight::client::count(v, r.status);
    return v;
}

} // namespace testing_client
