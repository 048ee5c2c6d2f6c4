#include "github_report.hpp"

#include "sanitize.hpp"

namespace preflight::client {

namespace {

std::string escaped(std::string_view text, bool property) {
    // strip_controls drops CR and LF too: a message stays one line, so a
    // name cannot start a workflow command of its own.
    const std::string clean = strip_controls(text);
    std::string out;
    out.reserve(clean.size());
    for (char c : clean) {
        if (c == '%')
            out += "%25";
        else if (property && c == ':')
            out += "%3A";
        else if (property && c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string github_message(std::string_view text) {
    return escaped(text, false);
}

std::string github_property(std::string_view text) {
    return escaped(text, true);
}

std::string summary_line(const Tally& t) {
    std::string line = std::string("pg_preflight: ") +
                       (t.ready == t.targets ? "READY" : "NOT READY") + ": " +
                       std::to_string(t.ready) + " of " +
                       plural(t.targets, "connection", "connections") + " ready";
    if (t.not_ready)
        line += ", " + std::to_string(t.not_ready) + " not ready";
    if (t.failed)
        line += ", " + std::to_string(t.failed) + " not checked";
    return line + " (" + plural(t.missing, "missing privilege", "missing privileges") + ", " +
           plural(t.warnings, "warning", "warnings") + ")";
}

void write_github(std::ostream& out, const std::vector<TargetReport>& targets) {
    for (const auto& t : targets) {
        const std::string where = "job \"" + t.job + "\", " + t.label;
        if (!t.error.empty()) {
            out << "::error title=" << github_property("pg_preflight: " + where + ": not checked")
                << "::" << github_message(t.error) << "\n";
            continue;
        }
        for (const auto& r : report_rows(t)) {
            if (r.status == Status::Ok)
                continue;
            const bool missing = r.status == Status::Missing;
            const std::string title = "pg_preflight: " + where + ": " + object_label(r) + " " +
                                      r.privilege + " (" + r.needed_for + ")" +
                                      (missing ? " missing" : "");
            std::string message = r.detail;
            if (r.fix)
                message += " Fix: " + *r.fix;
            out << (missing ? "::error" : "::warning") << " title=" << github_property(title)
                << "::" << github_message(message) << "\n";
        }
    }
    out << summary_line(tally(targets)) << "\n";
}

} // namespace preflight::client
