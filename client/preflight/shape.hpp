// What a database holds, for comparing a job's two ends
// (core/job_compare.hpp): its schemas, tables, columns and types.
#pragma once

#include "../../core/job_compare.hpp"

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

// The tables of `schemas` (every non-system schema when nullopt), with
// types named as format_type() names them under search_path pg_catalog.
// Throws ServerError.
Shape read_shape(PGconn* conn, const std::optional<std::vector<std::string>>& schemas);

} // namespace preflight::client
