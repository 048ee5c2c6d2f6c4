#include "targets.hpp"

#include "../../core/quote.hpp"

namespace preflight::client {

namespace {

std::optional<std::string> text_or_null(const nlohmann::ordered_json& v, const char* key) {
    auto it = v.find(key);
    if (it == v.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

std::string text(const nlohmann::ordered_json& v, const char* key) {
    return text_or_null(v, key).value_or("");
}

Status status_of(const std::string& s) {
    if (s == "missing")
        return Status::Missing;
    if (s == "warning")
        return Status::Warning;
    return Status::Ok;
}

} // namespace

Rows report_rows(const TargetReport& t) {
    Rows out;
    if (!t.report.is_object())
        return out;
    auto rows = t.report.find("rows");
    if (rows == t.report.end() || !rows->is_array())
        return out;
    out.reserve(rows->size());
    for (const auto& j : *rows) {
        Row r;
        r.object_type = text(j, "object_type");
        r.schema_name = text_or_null(j, "schema_name");
        r.object_name = text(j, "object_name");
        r.column_name = text_or_null(j, "column_name");
        r.privilege = text(j, "privilege");
        r.needed_for = text(j, "needed_for");
        r.status = status_of(text(j, "status"));
        r.via = text_or_null(j, "via");
        r.detail = text(j, "detail");
        r.fix = text_or_null(j, "fix");
        out.push_back(std::move(r));
    }
    return out;
}

const char* outcome_word(Outcome o) {
    switch (o) {
    case Outcome::Ready:
        return "ready";
    case Outcome::NotReady:
        return "not ready";
    case Outcome::Interrupted:
        return "interrupted";
    default:
        return "failed";
    }
}

Tally tally(const std::vector<TargetReport>& targets) {
    Tally t;
    for (const auto& target : targets) {
        ++t.targets;
        if (target.outcome == Outcome::Ready)
            ++t.ready;
        else if (target.outcome == Outcome::NotReady)
            ++t.not_ready;
        else
            ++t.failed;
        for (const auto& r : report_rows(target)) {
            t.missing += r.status == Status::Missing;
            t.warnings += r.status == Status::Warning;
        }
    }
    return t;
}

std::string object_label(const Row& r) {
    std::string name = r.schema_name && r.object_type != "schema"
                           ? qualified(*r.schema_name, r.object_name)
                           : quote_ident(r.object_name);
    if (r.object_type == "function" && r.schema_name) // its name carries its arguments
        name = quote_ident(*r.schema_name) + "." + r.object_name;
    if (r.column_name)
        return "column " + name + "." + quote_ident(*r.column_name);
    return r.object_type + " " + name;
}

} // namespace preflight::client
