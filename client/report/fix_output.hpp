// --fix: core's fix script alone, ready for psql (-f or a pipe), with names
// holding control characters written as U&"..." so it prints safely.
#pragma once

#include "../../core/row.hpp"
#include "row_source.hpp"

#include <string>

namespace preflight::client {

std::string fix_output(const Rows& rows);
// The same, holding only the missing rows (few, normally) while it runs.
std::string fix_output(const RowSource& rows);

} // namespace preflight::client
