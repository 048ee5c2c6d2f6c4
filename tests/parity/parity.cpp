// The two fact providers must agree: for every role of the fixture database,
// every job and every set of options, the client's catalog reading gives
// the same facts (core/facts_dump) and the same rows as the extension.
// Connects with libpq's environment; prints one line per comparison, a
// summary, and last "N passed, N failed" (a case per comparison; one that
// raised an error counts as failed). Exits 1 on any difference, 2 on an error.
#include "../../client/preflight/catalog_facts.hpp"
#include "../../client/preflight/preflight.hpp"
#include "../../client/preflight/query.hpp"
#include "../../core/check.hpp"
#include "../../core/facts_dump.hpp"
#include "../../core/options.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <set>

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
    std::string name;
    Job job;
    JobOptions options;
};

// Every combination of every option of each job (core/options.hpp's
// table): 2 source cases, 288 destination ones. truncate_cascade only
// with truncate, as the client takes it.
std::vector<Case> cases() {
    std::vector<Case> out;
    for (bool seqs : {false, true})
        out.push_back({seqs ? "source read_sequences" : "source", Job::Source,
                       JobOptions{.read_sequences = seqs}});
    for (int defaults = 0; defaults < 2; ++defaults)
        for (int conflict = 0; conflict < 3; ++conflict)
            for (int truncate = 0; truncate < 3; ++truncate)
                for (int bits = 0; bits < 16; ++bits) {
                    JobOptions o;
                    o.column_defaults = static_cast<ColumnDefaults>(defaults);
                    o.on_conflict = static_cast<OnConflict>(conflict);
                    o.truncate = truncate > 0;
                    o.truncate_cascade = truncate > 1;
                    o.update_foreign_keys = bits & 1;
                    o.reset_sequences = bits & 2;
                    o.create_schemas = bits & 4;
                    o.init_tables = bits & 8;
                    out.push_back(
                        {"destination " + options_json(Job::Destination, o), Job::Destination, o});
                }
    return out;
}

// What a plan reads, as a key: cases with one plan share one catalog read.
std::string plan_key(const GatherPlan& p) {
    return std::to_string(p.details) + std::to_string(p.sequences) + std::to_string(p.functions) +
           std::to_string(p.types) + std::to_string(p.languages) + std::to_string(p.write_details) +
           std::to_string(p.columns_unless_held) + ':' + std::to_string(p.generation_functions);
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
            for (const auto& schemas :
                 {std::optional<std::vector<std::string>>{},
                  std::optional<std::vector<std::string>>{{"par_a", "par_missing"}}}) {
                const std::string scope = schemas ? " (two schemas)" : "";
                // The client's catalog path, as run_preflight takes it: the
                // catalog its plan reads, then core's check() over it. Read
                // once per plan; the rules run once per case.
                std::map<std::string, Catalog> catalogs;
                std::set<std::string> facts_done;
                for (const auto& c : cases()) {
                    PreflightRequest req;
                    req.role = role;
                    req.job = c.job;
                    req.options = c.options;
                    req.schemas = schemas;
                    req.source = Source::Extension;
                    const std::string a = rows_of(conn, req);

                    CatalogRequest creq;
                    creq.role = role;
                    creq.schemas = schemas;
                    creq.own_schema = "preflight";
                    static_cast<GatherPlan&>(creq) = check_plan(c.job, c.options);
                    const std::string key = plan_key(creq);
                    auto it = catalogs.find(key);
                    if (it == catalogs.end())
                        it = catalogs.emplace(key, load_catalog(conn, creq)).first;
                    const std::string b = dump_rows(check(it->second, c.job, c.options));
                    ++compared;
                    const bool same = a == b;
                    if (!same) {
                        ++different;
                        std::cout << "DIFFERENT rows " << role << ' ' << c.name << scope << '\n';
                        report_difference("rows", a, b);
                    }

                    // The facts, everything either provider reads (facts()):
                    // once per plan.
                    static_cast<GatherPlan&>(creq) = check_plan(c.job, c.options, true);
                    if (!facts_done.insert(plan_key(creq)).second)
                        continue;
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
                    if (fa != fb) {
                        ++different;
                        std::cout << "DIFFERENT facts " << role << ' ' << c.name << scope << '\n';
                        report_difference("facts", fa, fb);
                    }
                }
                std::cout << "compared " << role << scope << ": " << cases().size()
                          << " option sets, " << catalogs.size() << " catalog reads\n";
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
