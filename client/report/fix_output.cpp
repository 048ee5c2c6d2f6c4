#include "fix_output.hpp"

#include "../../core/check.hpp"
#include "sanitize.hpp"

#include <unordered_set>

namespace preflight::client {

std::string fix_output(const Rows& rows) {
    return terminal_safe_sql(fix_script(rows));
}

std::string fix_output(const RowSource& rows) {
    // Only what the script uses: each fix once (the first keeps its place,
    // as fix_script would), or the detail of a row no grant fixes.
    Rows missing;
    std::unordered_set<std::string> seen;
    rows.for_each([&](const Row& r, RowPosition) {
        if (r.status != Status::Missing || (r.fix && !seen.insert(*r.fix).second))
            return;
        Row lean;
        lean.status = Status::Missing;
        if (r.fix)
            lean.fix = r.fix;
        else
            lean.detail = r.detail;
        missing.push_back(std::move(lean));
    });
    return fix_output(missing);
}

} // namespace preflight::client
