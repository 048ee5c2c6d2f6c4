// The two fact providers must agree: for every role of the fixture database,
// every job and every set of options, the client's catalog reading gives
// the same facts (core/facts_dump) and the same rows as the extension.
// Connects with libpq's environment; prints one line per comparison, a
// summary, and last "N passed, N failed" (a case per comparison; one that
// raised an error counts as failed). Exits 1 on any difference, 2 on an error.
#include "../../client/preflight/catalog_facts.hpp"
#include "../../client/preflight/preflight.hpp"
#include "../../client/preflight/query.hpp"
#include "../../core/facts_dump.hpp"

#include <fstream>
#include <iostream>

using namespace preflight;
using namespace preflight::client;

namespace {

std::string dump_rows(const Rows& rows) {
    std::string out;
    for (const auto& r : rows)
        out += r.object_type + '|' + r.schema_name.value_or("-") + '|' + r.object_name + '|' +
               r.column_name.value_or("-") + '|' + r.privilege + '|' + r.needed_for + '|' +
               status_name(r.status) + '|' + r.via.value_or("-") + '|' + r.detail + '|' +
               r.fix.value_or("-") + '\n';
    return out;
}

std::string rows_of(PGconn* conn, const PreflightRequest& req) {
    RowCollector rows;
    run_preflight(conn, req, rows);
    return dump_rows(rows.rows);
}

struct Case {
    const char* name;
    Job job;
    JobOptions options;
};

std::vector<Case> cases() {
    JobOptions all;
    all.truncate = all.truncate_cascade = all.create_schemas = all.init_tables = true;
    all.on_conflict = OnConflict::Update;
    JobOptions nothing;
    nothing.on_conflict = OnConflict::Nothing;
    nothing.truncate = true;
    nothing.reset_sequences = false;
    nothing.update_foreign_keys = false;
    return {{"source", Job::Source, {}},
            {"destination", Job::Destination, {}},
            {"destination-all", Job::Destination, all},
            {"destination-nothing", Job::Destination, nothing}};
}

void report_difference(const std::string& what, const std::string& a, const std::string& b) {
    std::ofstream("parity.extension.txt") << a;
    std::ofstream("parity.catalog.txt") << b;
    std::cout << "  " << what
              << " differ: see parity.extension.txt and parity.catalog.txt (diff them)\n";
}

} // namespace

int main() {
    PGconn* conn = PQconnectdb("");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::cerr << "parity: cannot connect: " << PQerrorMessage(conn);
        return 2;
    }
    int compared = 0, different = 0;
    try {
        query(conn, "SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)");
        QueryResult roles = query(conn, "SELECT r.rolname FROM pg_catalog.pg_roles r "
                                        "WHERE r.rolname !~ '^pg_' ORDER BY 1");
        for (int i = 0; i < roles.rows(); ++i) {
            const std::string role = roles.text(i, 0);
            for (const auto& c : cases()) {
                for (const auto& schemas :
                     {std::optional<std::vector<std::string>>{},
                      std::optional<std::vector<std::string>>{{"par_a", "par_missing"}}}) {
                    PreflightRequest req;
                    req.role = role;
                    req.job = c.job;
                    req.options = c.options;
                    req.schemas = schemas;
                    req.source = Source::Extension;
                    const std::string a = rows_of(conn, req);
                    req.source = Source::Catalog;
                    const std::string b = rows_of(conn, req);

                    CatalogRequest creq;
                    static_cast<GatherPlan&>(creq) = check_plan(c.job, c.options, true);
                    creq.role = role;
                    creq.schemas = schemas;
                    creq.own_schema = "preflight";
                    const std::string fb = dump_facts(load_catalog(conn, creq));
                    const std::string fa =
                        query(conn,
                              "SELECT preflight.facts($1, $2::pg_catalog.name, "
                              "$3::pg_catalog.name[], $4::pg_catalog.jsonb)",
                              {job_name(c.job), role,
                               schemas ? std::optional<std::string>(array_literal(*schemas))
                                       : std::nullopt,
                               options_json(c.job, c.options)})
                            .text(0, 0);
                    ++compared;
                    const bool same = a == b && fa == fb;
                    std::cout << (same ? "same " : "DIFFERENT ") << role << ' ' << c.name
                              << (schemas ? " (two schemas)" : "") << '\n';
                    if (!same) {
                        ++different;
                        if (fa != fb)
                            report_difference("facts", fa, fb);
                        else
                            report_difference("rows", a, b);
                    }
                }
            }
        }
    } catch (const std::exception& e) {
        std::cout << "parity: " << e.what() << '\n';
        std::cout << compared - different << " passed, " << different + 1 << " failed\n";
        return 2;
    }
    std::cout << "parity: " << compared << " comparisons, " << different << " different\n";
    std::cout << compared - different << " passed, " << different << " failed\n";
    return different == 0 ? 0 : 1;
}
