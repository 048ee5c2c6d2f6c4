// --fix: core's fix script alone, ready for psql (-f or a pipe), with names
// holding control characters written as U&"..." so it prints safely.
#pragma once

#include "row_source.hpp"

#include <string>

namespace preflight::client {

// Holds each distinct fix once while it runs, never every row.
std::string fix_output(const RowSource& rows);

} // namespace preflight::client
