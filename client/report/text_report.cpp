#include "text_report.hpp"

#include "../../core/quote.hpp"
#include "../config/host.hpp"
#include "matrix.hpp"
#include "sanitize.hpp"
#include "verdict.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

namespace preflight::client {

namespace {

// Characters on screen, not bytes: names are UTF-8 (strip_controls made sure).
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

std::string pad(const std::string& s, std::size_t w) {
    const std::size_t have = width(s);
    return have >= w ? s : s + std::string(w - have, ' ');
}

std::string safe(const std::string& s) {
    return strip_controls(s);
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void field(std::ostream& out, const char* name, const std::string& value) {
    out << "  " << pad(name, 12) << value << "\n";
}

std::string tls_summary(const ConnectionFacts& f, const Style& style) {
    const TlsFacts& t = f.tls;
    if (!t.in_use && host_kind(f.host) == HostKind::Socket)
        return "not in use (a Unix socket never uses TLS)";
    if (!t.in_use)
        return style.warn("not in use") + " (sslmode " + safe(t.sslmode) + ")";
    std::string s = safe(t.protocol.value_or("TLS"));
    if (t.cipher)
        s += ", " + safe(*t.cipher);
    if (t.key_bits)
        s += " (" + safe(*t.key_bits) + " bits)";
    return s + ", sslmode " + safe(t.sslmode);
}

std::string certificate_summary(const TlsFacts& t, const Style& style) {
    if (t.verified_name)
        return style.good("verified") + ", issued for \"" + safe(*t.verified_name) + "\"";
    if (t.certificate_verified)
        return style.good("verified") +
               " (signed by a trusted CA; the host name was not checked: use --sslmode "
               "verify-full)";
    return style.warn("not verified") +
           ": the server's identity is not checked (use --sslmode verify-full with --root-cert)";
}

// The object a row is about, as a person names it: columns belong to their table.
std::string object_label(const Row& r) {
    const std::string type = r.object_type == "column" ? "table" : r.object_type;
    if (!r.schema_name || type == "schema")
        return type + " " + quote_ident(safe(r.object_name));
    return type + " " + quote_ident(safe(*r.schema_name)) + "." + quote_ident(safe(r.object_name));
}

std::string status_word(Status s, const Style& style) {
    return s == Status::Missing ? style.bad(pad("MISSING", 8)) : style.warn(pad("warning", 8));
}

std::string cell(Cell c, std::size_t w, const Style& style) {
    const std::string text = pad(cell_text(c), w);
    switch (c) {
    case Cell::Ok:
        return style.good(text);
    case Cell::Warning:
        return style.warn(text);
    case Cell::Missing:
        return style.bad(text);
    case Cell::NotNeeded:
        return style.dim(text);
    }
    return text;
}

std::string matrix_name(const MatrixLine& l) {
    return safe(l.name) + (l.kind == "sequence" ? " (sequence)" : "");
}

void print_matrix(std::ostream& out, const Matrix& matrix, const Style& style) {
    if (matrix.size() == 0)
        return;
    std::size_t ws = width("schema"), wn = width("table");
    for (std::size_t i = 0; i < matrix.size(); ++i) {
        const MatrixLine l = matrix.line(i);
        ws = std::max(ws, width(safe(l.schema)));
        wn = std::max(wn, width(matrix_name(l)));
    }
    const std::size_t wc = 9; // "truncate" and "MISSING" fit
    out << "\n  "
        << style.bold(pad("schema", ws) + "  " + pad("table", wn) + "  " + pad("read", wc) +
                      pad("write", wc) + pad("truncate", wc) + "sequence")
        << "\n";
    for (std::size_t i = 0; i < matrix.size(); ++i) {
        const MatrixLine l = matrix.line(i);
        out << "  " << pad(safe(l.schema), ws) << "  " << pad(matrix_name(l), wn) << "  "
            << cell(l.read, wc, style) << cell(l.write, wc, style) << cell(l.truncate, wc, style)
            << cell(l.sequence, 0, style) << "\n";
    }
}

// The missing and warning rows grouped by object, groups in the order
// their objects first appear: where each row is, not the row itself.
class Issues {
  public:
    void add(const Row& r, RowPosition position) {
        if (r.status == Status::Ok)
            return;
        auto [it, added] =
            group_of_.emplace(object_label(r), static_cast<std::uint32_t>(labels_.size()));
        if (added)
            labels_.push_back(it->first);
        rows_.emplace_back(it->second, position);
    }

    void print(std::ostream& out, const RowSource& rows, const Style& style) {
        if (labels_.empty())
            return;
        std::stable_sort(rows_.begin(), rows_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        out << "\n" << style.bold("What is missing, and warnings") << "\n";
        std::uint32_t group = static_cast<std::uint32_t>(-1);
        for (const auto& [g, position] : rows_) {
            if (g != group)
                out << "\n  " << style.bold(labels_[group = g]) << "\n";
            const Row r = rows.at(position);
            std::string what = safe(r.privilege);
            if (r.column_name)
                what += " on column " + quote_ident(safe(*r.column_name));
            out << "    " << status_word(r.status, style) << " " << what << " ("
                << safe(r.needed_for) << "): " << safe(r.detail) << "\n";
            if (r.fix)
                out << "             fix: " << terminal_safe_sql(*r.fix) << "\n";
        }
    }

  private:
    std::unordered_map<std::string, std::uint32_t> group_of_;
    std::vector<std::string> labels_;
    std::vector<std::pair<std::uint32_t, RowPosition>> rows_;
};

} // namespace

void print_connection(std::ostream& out, const ConnectionFacts& f, const std::string& origin,
                      const Style& style) {
    out << style.bold("Connection") << "\n";
    field(out, "server",
          "PostgreSQL " + safe(f.server_version) + ", protocol " +
              std::to_string(f.protocol_version) +
              (f.in_recovery ? ", hot standby (read-only, in recovery)" : ""));
    std::string where = safe(f.host);
    if (!f.hostaddr.empty() && f.hostaddr != f.host)
        where += " (" + safe(f.hostaddr) + ")";
    field(out, "host", where + ", port " + safe(f.port));
    field(out, "database", safe(f.database));
    std::string user = safe(f.session_user);
    if (f.user != f.session_user)
        user += " (connected as " + safe(f.user) + ")";
    field(out, "user", user);
    field(out, "configured", safe(origin));
    field(out, "TLS", tls_summary(f, style));
    if (f.tls.in_use) {
        field(out, "certificate", certificate_summary(f.tls, style));
        if (f.tls.subject)
            field(out, "subject",
                  safe(*f.tls.subject) + ", issuer " + safe(f.tls.issuer.value_or("?")));
    }
}

std::string verdict_line(const std::string& role, Job job, const Verdict& v, const Style& style) {
    const std::string who = "role " + quote_ident(safe(role));
    std::string counts = plural(v.ok, "check ok", "checks ok");
    if (v.warnings)
        counts = plural(v.warnings, "warning", "warnings") + ", " + counts;
    if (v.ready)
        return style.good("READY") + "      " + who + " can run the " + job_name(job) + " job (" +
               counts + ")";
    return style.bad("NOT READY") + "  " + who + " cannot run the " + job_name(job) +
           " job: " + std::to_string(v.missing) + " missing, " + counts;
}

void print_result(std::ostream& out, const CheckConfig& check, const PreflightResult& result,
                  const RowSource& rows, const Style& style) {
    Verdict verdict;
    Matrix matrix;
    Issues issues;
    rows.for_each([&](const Row& r, RowPosition position) {
        count(verdict, r.status);
        matrix.add_object_row(r);
        issues.add(r, position);
    });
    rows.for_each([&](const Row& r, RowPosition) { matrix.add_other_row(r); });

    std::string scope = "every schema";
    if (check.schemas) {
        scope = check.schemas->size() == 1 ? "schema " : "schemas ";
        for (std::size_t i = 0; i < check.schemas->size(); ++i)
            scope += (i ? ", " : "") + quote_ident(safe((*check.schemas)[i]));
    }
    std::string how = result.used == "extension"
                          ? "the pg_preflight extension " +
                                safe(result.library_version.value_or("")) + " in the server"
                          : "catalog queries (pg_preflight extension not used)";
    out << "\n" << style.bold("Check") << "\n";
    field(out, "job", std::string(job_name(check.job)) + ", " + scope);
    field(out, "checked by", how);
    if (!result.version_note.empty())
        field(out, "note", style.warn(safe(result.version_note)));
    out << "\n" << verdict_line(result.role, check.job, verdict, style) << "\n";
    print_matrix(out, matrix, style);
    issues.print(out, rows, style);
}

} // namespace preflight::client
