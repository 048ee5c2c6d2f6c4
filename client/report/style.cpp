#include "style.hpp"

namespace preflight::client {

bool colour_wanted(bool is_tty, const Environment& env) {
    if (!is_tty || env.get("NO_COLOR"))
        return false;
    auto term = env.get("TERM");
    return !(term && *term == "dumb");
}

} // namespace preflight::client
