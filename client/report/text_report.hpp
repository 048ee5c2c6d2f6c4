// The report for a person: the connection and TLS block, the verdict, the
// per-object matrix, then only what is missing or a warning, with fixes.
// Every name from the server is stripped of control characters first.
#pragma once

#include "../config/config.hpp"
#include "../connection/facts.hpp"
#include "../preflight/preflight.hpp"
#include "row_source.hpp"
#include "style.hpp"
#include "verdict.hpp"

#include <ostream>
#include <string>

namespace preflight::client {

void print_connection(std::ostream& out, const ConnectionFacts& facts, const std::string& origin,
                      const Style& style);

// One line: READY / NOT READY, the role, the job and the counts.
std::string verdict_line(const std::string& role, Job job, const Verdict& verdict,
                         const Style& style);

// Reads rows in two passes and then only the missing and warning rows again;
// holds one small entry per object for the matrix, never every row.
void print_result(std::ostream& out, const CheckConfig& check, const PreflightResult& result,
                  const RowSource& rows, const Style& style);

} // namespace preflight::client
