#include "preflight.hpp"

#include "catalog_facts.hpp"
#include "query.hpp"

#include "../../core/check.hpp"
#include "../../core/errors.hpp"
#include "../../core/gather_plan.hpp"
#include "../../core/version.hpp"

namespace preflight::client {

namespace {

struct Installed {
    std::string version; // pg_extension.extversion
    std::string schema;
};

std::optional<Installed> installed_extension(PGconn* conn) {
    QueryResult r = query(conn, "SELECT e.extversion, n.nspname FROM pg_catalog.pg_extension e "
                                "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) "
                                "e.extnamespace WHERE e.extname OPERATOR(pg_catalog.=) "
                                "'pg_preflight'");
    if (r.rows() == 0)
        return std::nullopt;
    return Installed{r.text(0, 0), r.text(0, 1)};
}

// "1.0.0" -> "1.0": the install script is versioned by major.minor.
std::string major_minor(const std::string& v) {
    auto first = v.find('.');
    auto second = first == std::string::npos ? first : v.find('.', first + 1);
    return second == std::string::npos ? v : v.substr(0, second);
}

bool extension_usable(PGconn* conn, const Installed& ext) {
    QueryResult r =
        query(conn,
              "SELECT pg_catalog.has_schema_privilege(n.oid, 'USAGE') AND "
              "pg_catalog.has_function_privilege(pg_catalog.to_regprocedure(pg_catalog.format("
              "'%I.check(text,name,name[],jsonb)', n.nspname)), 'EXECUTE') "
              "FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) $1",
              {ext.schema});
    return r.rows() == 1 && r.boolean(0, 0);
}

std::string quoted_identifier(PGconn* conn, const std::string& name) {
    char* q = PQescapeIdentifier(conn, name.c_str(), name.size());
    if (!q)
        throw ServerError(PQerrorMessage(conn));
    std::string out = q;
    PQfreemem(q);
    return out;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

Status parse_status(const std::string& s) {
    if (s == "ok")
        return Status::Ok;
    if (s == "missing")
        return Status::Missing;
    return Status::Warning;
}

Row row_of(const QueryResult& r) {
    Row row;
    row.object_type = r.text(0, 0);
    row.schema_name = r.optional_text(0, 1);
    row.object_name = r.text(0, 2);
    row.column_name = r.optional_text(0, 3);
    row.privilege = r.text(0, 4);
    row.needed_for = r.text(0, 5);
    row.status = parse_status(r.text(0, 6));
    row.via = r.optional_text(0, 7);
    row.detail = r.text(0, 8);
    row.fix = r.optional_text(0, 9);
    return row;
}

// Row by row (single-row mode): the client never holds the whole result.
void rows_from_extension(PGconn* conn, const Installed& ext, const PreflightRequest& req,
                         const std::string& role, RowSink& sink) {
    const std::string schema = quoted_identifier(conn, ext.schema);
    std::optional<std::string> schemas;
    if (req.schemas)
        schemas = array_literal(*req.schemas);
    query_rows(conn,
               "SELECT c.object_type, c.schema_name, c.object_name, c.column_name, "
               "c.privilege, c.needed_for, c.status, c.via, c.detail, c.fix FROM " +
                   schema +
                   ".check($1, $2::pg_catalog.name, $3::pg_catalog.name[], "
                   "$4::pg_catalog.jsonb) c",
               {job_name(req.job), role, schemas, options_json(req.job, req.options)},
               [&](const QueryResult& r) { sink.add(row_of(r)); });
}

} // namespace

std::string options_json(Job job, const JobOptions& o) {
    std::string out;
    for (const auto& spec : kOptionTable) {
        if (spec.job != job)
            continue;
        const std::string value = spec.value_text(spec.get(o));
        out += (out.empty() ? "{" : ", ") + json_string(spec.key) + ": " +
               (spec.type == OptionSpec::Type::Boolean ? value : json_string(value));
    }
    return out.empty() ? "{}" : out + "}";
}

PreflightResult run_preflight(PGconn* conn, const PreflightRequest& req, RowSink& sink) {
    // Our own session: pin search_path so nothing a user created can stand
    // in for what we call, and format_type qualifies names as the backend does.
    query(conn, "SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)");
    PreflightResult out;
    out.role = req.role ? *req.role : query(conn, "SELECT current_user").text(0, 0);
    const std::optional<Installed> ext = installed_extension(conn);
    if (ext)
        out.extension_version = ext->version;

    bool use_extension =
        req.source == Source::Extension || (req.source == Source::Auto && ext.has_value());
    const bool from_source = !req.init.tables.empty() || !req.init.extensions.empty();
    if (from_source && use_extension) {
        use_extension = false;
        out.version_note = "what init_tables creates on this destination (from the source) was "
                           "checked with the catalogs: preflight.check() takes no list of it.";
    }
    if (use_extension && ext && req.source == Source::Auto && !extension_usable(conn, *ext)) {
        // Installed, but this user may not call it: the catalog path needs
        // no privilege at all, and gives the same rows.
        use_extension = false;
        out.version_note = "the pg_preflight extension is installed but this user may not call "
                           "it (USAGE on schema \"" +
                           ext->schema +
                           "\" or EXECUTE on check()); the catalogs were read instead.";
    }
    if (use_extension && !ext)
        throw ServerError("the pg_preflight extension is not installed in database \"" +
                          std::string(PQdb(conn)) +
                          "\": run CREATE EXTENSION pg_preflight there, or use --source catalog");

    if (req.progress)
        req.progress(use_extension ? "running preflight.check in the server"
                                   : "reading the catalogs");
    if (use_extension) {
        const std::string schema = quoted_identifier(conn, ext->schema);
        out.library_version = query(conn, "SELECT " + schema + ".version()").text(0, 0);
        if (*out.library_version != kVersion)
            out.version_note = std::string("pg_preflight ") + kVersion +
                               " does not match the server's library " + *out.library_version +
                               ": the server's rules were used; upgrade one to match the other.";
        else if (major_minor(ext->version) != major_minor(kVersion))
            out.version_note = "the installed extension's SQL is version " + ext->version +
                               " but the library is " + *out.library_version +
                               ": run ALTER EXTENSION pg_preflight UPDATE TO '" +
                               major_minor(kVersion) + "'.";
        out.used = "extension";
        rows_from_extension(conn, *ext, req, out.role, sink);
        return out;
    }

    CatalogRequest creq;
    creq.role = out.role;
    creq.schemas = req.schemas;
    if (ext)
        creq.own_schema = ext->schema;
    static_cast<GatherPlan&>(creq) = check_plan(req.job, req.options);
    creq.progress = req.progress;
    for (const auto& t : req.init.tables) {
        creq.extra_types.insert(creq.extra_types.end(), t.column_types.begin(),
                                t.column_types.end());
        creq.extra_functions.insert(creq.extra_functions.end(), t.functions.begin(),
                                    t.functions.end());
    }
    out.used = "catalog";
    try {
        // Each row goes to the sink as the rules find it (a disk spool in
        // the client), so no row is held beside the catalog.
        Catalog catalog = load_catalog(conn, creq);
        // Schemas by name, among those the catalog read (every non-system one).
        auto find_schema = [&](ObjectToCreate& o) {
            o.schema = kInvalidOid;
            for (const auto& sch : catalog.schemas)
                if (sch.exists && sch.name == o.schema_name)
                    o.schema = sch.oid;
            for (const auto& [oid, sch] : catalog.other_schemas)
                if (sch.name == o.schema_name)
                    o.schema = oid;
        };
        for (TableToCreate t : req.init.tables) {
            find_schema(t);
            for (auto& o : t.objects_to_make)
                find_schema(o);
            catalog.tables_to_create.push_back(std::move(t));
        }
        catalog.extensions_to_create = req.init.extensions;
        check(catalog, req.job, req.options, sink);
    } catch (const UserError& e) {
        // The rules refusing the request (no such role), not a server failure.
        throw RequestRefused(e.what(), e.hint());
    }
    return out;
}

} // namespace preflight::client
