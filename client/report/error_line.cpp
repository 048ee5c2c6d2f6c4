#include "error_line.hpp"

#include "sanitize.hpp"

namespace preflight::client {

namespace {

// Redaction first, on the raw text: a password may hold a line break that
// one_line would change before it could be recognised.
std::string clean(const std::string& text, const Secrets& secrets) {
    return strip_controls(one_line(redact(text, secrets)));
}

} // namespace

std::string error_line(const std::string& message, const std::string& hint,
                       const Secrets& secrets) {
    std::string line = "pg_preflight: " + clean(message, secrets);
    if (!hint.empty())
        line += "; hint: " + clean(hint, secrets);
    return line;
}

std::string warning_line(const std::string& message, const Secrets& secrets) {
    return "pg_preflight: warning: " + clean(message, secrets);
}

} // namespace preflight::client
