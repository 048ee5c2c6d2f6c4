#include "fix_output.hpp"

#include "../../core/check.hpp"
#include "sanitize.hpp"

namespace preflight::client {

std::string fix_output(const Rows& rows) {
    return terminal_safe_sql(fix_script(rows));
}

} // namespace preflight::client
