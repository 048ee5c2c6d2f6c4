// Reading SQL arguments into C++ values, NULLs handled deliberately.
#pragma once

#include "boundary.hpp"

#include "../core/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::ext {

struct CheckArguments {
    Job job = Job::Source;
    Oid role = InvalidOid;
    std::optional<std::vector<std::string>> schemas;
    JobOptions options;
};

// (job text, role name, schemas name[], options jsonb)
CheckArguments check_arguments(FunctionCallInfo fcinfo);
// (role name, schemas name[]) of the access matrices.
Oid role_argument(FunctionCallInfo fcinfo, int arg);
std::optional<std::vector<std::string>> schemas_argument(FunctionCallInfo fcinfo, int arg);

} // namespace preflight::ext
