#include "json_report.hpp"

#include "verdict.hpp"

namespace preflight::client {

namespace {

using json = nlohmann::ordered_json;

json optional(const std::optional<std::string>& v) {
    return v ? json(*v) : json(nullptr);
}

json non_empty(const std::string& v) {
    return v.empty() ? json(nullptr) : json(v);
}

json connection(const ConnectionFacts& f, const std::string& origin) {
    return json{{"configured_by", origin},
                {"host", f.host},
                {"hostaddr", non_empty(f.hostaddr)},
                {"port", f.port},
                {"database", f.database},
                {"user", f.user},
                {"session_user", f.session_user},
                {"server_version", f.server_version},
                {"protocol_version", f.protocol_version},
                {"in_recovery", f.in_recovery}};
}

json tls(const TlsFacts& t) {
    json cert = nullptr;
    if (t.subject)
        cert = json{{"subject", *t.subject}, {"issuer", optional(t.issuer)}};
    return json{{"in_use", t.in_use},
                {"sslmode", t.sslmode},
                {"protocol", optional(t.protocol)},
                {"cipher", optional(t.cipher)},
                {"key_bits", optional(t.key_bits)},
                {"library", optional(t.library)},
                {"certificate_verified", t.certificate_verified},
                {"verified_name", optional(t.verified_name)},
                {"server_certificate", cert}};
}

json options(const CheckConfig& c) {
    json o{{"schemas", c.schemas ? json(*c.schemas) : json(nullptr)},
           {"source", source_name(c.source)}};
    // The job's options as preflight.check takes them (core's table).
    for (const auto& spec : kOptionTable) {
        if (spec.job != c.job)
            continue;
        const int value = spec.get(c.options);
        if (spec.type == OptionSpec::Type::Boolean)
            o[spec.key] = value != 0;
        else
            o[spec.key] = spec.value_text(value);
    }
    return o;
}

json row(const Row& r) {
    return json{{"object_type", r.object_type},
                {"schema_name", optional(r.schema_name)},
                {"object_name", r.object_name},
                {"column_name", optional(r.column_name)},
                {"privilege", r.privilege},
                {"needed_for", r.needed_for},
                {"status", status_name(r.status)},
                {"via", optional(r.via)},
                {"detail", r.detail},
                {"fix", optional(r.fix)}};
}

json verdict(const PreflightResult& result, const Verdict& v) {
    return json{{"ready", v.ready},
                {"exit_status", exit_status(outcome_of(v))},
                {"missing", v.missing},
                {"warnings", v.warnings},
                {"ok", v.ok},
                {"checked_with", result.used},
                {"extension_version", optional(result.extension_version)},
                {"library_version", optional(result.library_version)},
                {"version_note", non_empty(result.version_note)}};
}

// One value as dump(2) writes it nested `level` deep: indented, ASCII only,
// invalid UTF-8 replaced, DEL escaped (safe on a terminal).
std::string dump_at(const json& value, int level) {
    const std::string text = value.dump(2, ' ', true, json::error_handler_t::replace);
    const std::string indent(2 * static_cast<std::size_t>(level), ' ');
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        // ensure_ascii escapes all but DEL, and every line break inside a
        // string: DEL can only be in a string, a raw newline only between values.
        if (c == '\x7f')
            out += "\\u007f";
        else if (c == '\n') {
            out += '\n';
            out += indent;
        } else
            out += c;
    }
    return out;
}

} // namespace

std::string json_text(const json& document) {
    return dump_at(document, 0) + "\n";
}

void write_json(std::ostream& out, const ConnectionFacts& facts, const std::string& origin,
                const CheckConfig& check, const PreflightResult& result, const RowSource& rows) {
    // The layout of dump(2): members at two spaces, rows at four.
    auto member = [&](const char* key, const json& value) {
        out << "  \"" << key << "\": " << dump_at(value, 1) << ",\n";
    };
    out << "{\n";
    member("connection", connection(facts, origin));
    member("tls", tls(facts.tls));
    member("role", result.role);
    member("job", job_name(check.job));
    member("options", options(check));
    out << "  \"rows\": [";
    Verdict v;
    bool first = true;
    rows.for_each([&](const Row& r, RowPosition) {
        out << (first ? "\n    " : ",\n    ") << dump_at(row(r), 2);
        first = false;
        count(v, r.status);
    });
    out << (first ? "],\n" : "\n  ],\n");
    out << "  \"verdict\": " << dump_at(verdict(result, v), 1) << "\n}\n";
}

} // namespace preflight::client
