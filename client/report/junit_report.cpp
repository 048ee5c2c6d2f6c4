#include "junit_report.hpp"

#include "markup.hpp"

#include <cstdio>
#include <map>

namespace preflight::client {

namespace {

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

// One testcase: the rows of one object at one step, in report order.
struct Case {
    std::string name;
    std::vector<const Row*> rows;
    std::size_t missing = 0, warnings = 0;
};

std::vector<Case> cases_of(const Rows& rows) {
    std::vector<Case> cases;
    std::map<std::string, std::size_t> index;
    for (const auto& r : rows) {
        // A column's rows belong to its table's case: a testcase per object.
        Row object = r;
        object.column_name.reset();
        if (r.column_name)
            object.object_type = "table";
        const std::string name = object_label(object) + " (" + r.needed_for + ")";
        auto [it, added] = index.emplace(name, cases.size());
        if (added)
            cases.push_back(Case{name, {}, 0, 0});
        Case& c = cases[it->second];
        c.rows.push_back(&r);
        c.missing += r.status == Status::Missing;
        c.warnings += r.status == Status::Warning;
    }
    return cases;
}

std::string what(const Row& r) {
    return object_label(r) + ": " + r.privilege + " (" + r.needed_for + ")";
}

void write_case(std::ostream& out, const std::string& classname, const Case& c) {
    out << "    <testcase classname=\"" << markup_escape(classname) << "\" name=\""
        << markup_escape(c.name) << "\" time=\"0\"";
    if (c.missing == 0 && c.warnings == 0) {
        out << "/>\n";
        return;
    }
    out << ">\n";
    std::string warnings;
    for (const Row* r : c.rows) {
        if (r->status == Status::Missing)
            out << "      <failure type=\"" << markup_escape(r->privilege) << "\" message=\""
                << markup_escape(what(*r) + ": " + r->detail) << "\">"
                << markup_escape(r->fix ? *r->fix : "-- no statement fixes this: " + r->detail)
                << "</failure>\n";
        else if (r->status == Status::Warning)
            warnings += "warning: " + what(*r) + ": " + r->detail + "\n";
    }
    if (c.missing == 0)
        out << "      <skipped message=\"" << markup_escape(warnings) << "\"/>\n";
    else if (!warnings.empty())
        out << "      <system-out>" << markup_escape(warnings) << "</system-out>\n";
    out << "    </testcase>\n";
}

} // namespace

void write_junit(std::ostream& out, const std::vector<TargetReport>& targets) {
    struct Suite {
        const TargetReport* target;
        Rows rows;
        std::vector<Case> cases;
        std::size_t failures = 0, skipped = 0;
    };
    std::vector<Suite> suites;
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double time = 0;
    for (const auto& t : targets) {
        Suite s{&t, report_rows(t), {}, 0, 0};
        s.cases = cases_of(s.rows);
        for (const auto& c : s.cases) {
            s.failures += c.missing > 0;
            s.skipped += c.missing == 0 && c.warnings > 0;
        }
        const bool error = !t.error.empty();
        tests += error ? 1 : s.cases.size();
        failures += s.failures;
        skipped += s.skipped;
        errors += error;
        time += t.seconds;
        suites.push_back(std::move(s));
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites name=\"pg_preflight\" tests=\"" << tests << "\" failures=\"" << failures
        << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\"" << seconds(time)
        << "\">\n";
    for (const auto& s : suites) {
        const TargetReport& t = *s.target;
        const std::string name = "job \"" + t.job + "\": " + t.label;
        const std::string classname = "pg_preflight." + t.job + "." + t.end;
        const bool error = !t.error.empty();
        out << "  <testsuite name=\"" << markup_escape(name) << "\" tests=\""
            << (error ? 1 : s.cases.size()) << "\" failures=\"" << s.failures << "\" errors=\""
            << (error ? 1 : 0) << "\" skipped=\"" << s.skipped << "\" time=\"" << seconds(t.seconds)
            << "\">\n";
        out << "    <properties>\n"
            << "      <property name=\"status\" value=\"" << outcome_word(t.outcome) << "\"/>\n";
        if (!t.file.empty())
            out << "      <property name=\"job_file\" value=\"" << markup_escape(t.file)
                << "\"/>\n";
        if (t.report.is_object()) {
            const auto& conn = t.report.value("connection", nlohmann::ordered_json::object());
            for (const char* key : {"host", "database", "user"})
                if (conn.contains(key) && conn[key].is_string())
                    out << "      <property name=\"" << key << "\" value=\""
                        << markup_escape(conn[key].get<std::string>()) << "\"/>\n";
            if (t.report.contains("role") && t.report["role"].is_string())
                out << "      <property name=\"role\" value=\""
                    << markup_escape(t.report["role"].get<std::string>()) << "\"/>\n";
        }
        out << "    </properties>\n";
        if (error)
            out << "    <testcase classname=\"" << markup_escape(classname)
                << "\" name=\"connect and check\" time=\"" << seconds(t.seconds) << "\">\n"
                << "      <error type=\"" << outcome_word(t.outcome) << "\" message=\""
                << markup_escape(t.error) << "\"/>\n"
                << "    </testcase>\n";
        for (const auto& c : s.cases)
            write_case(out, classname, c);
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

} // namespace preflight::client
