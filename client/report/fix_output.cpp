#include "fix_output.hpp"

#include "../../core/check.hpp"
#include "sanitize.hpp"

namespace preflight::client {

std::string fix_output(const RowSource& rows) {
    // Core's fix_script, fed one row at a time: it keeps each fix once and
    // the details of missing rows no grant fixes, never the rows.
    FixScript script;
    rows.for_each([&](const Row& r, RowPosition) { script.note(r); });
    return terminal_safe_sql(script.text());
}

} // namespace preflight::client
