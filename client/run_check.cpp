// One connection's check, start to end: connect, report the connection,
// run the preflight, report. main.cpp runs one; a job file runs several.
#include "run_check.hpp"

#include "connection/cancel.hpp"
#include "connection/connection.hpp"
#include "connection/facts.hpp"
#include "connection/server_name.hpp"
#include "connection/writable.hpp"
#include "preflight/preflight.hpp"
#include "report/fix_output.hpp"
#include "report/json_report.hpp"
#include "report/progress.hpp"
#include "report/row_spool.hpp"
#include "report/style.hpp"
#include "report/text_report.hpp"
#include "report/verdict.hpp"

#include <chrono>
#include <iostream>
#include <unistd.h>

namespace preflight::client {

using namespace std::chrono_literals;

namespace {

PreflightRequest request_for(const CheckConfig& c) {
    PreflightRequest r;
    r.job = c.job;
    r.role = c.role;
    r.schemas = c.schemas;
    r.options = c.options;
    r.source = c.source;
    return r;
}

} // namespace

CheckRun run_check(Config& config, const Environment& env, const Secrets& secrets,
                   std::ostream& out, bool to_terminal, const FromSource& source,
                   Connection* connected) {
    std::optional<Connection> own;
    if (!connected) {
        ConnParams params = config.connection.params;
        if (config.connection.server_name)
            apply_server_name(params, *config.connection.server_name);
        own.emplace(Connection::open(params, secrets));
    }
    Connection& conn = connected ? *connected : *own;
    InterruptGuard guard(conn.get()); // destroyed before conn: no cancel of a closed session
    conn.ping();
    const ConnectionFacts facts = read_facts(conn);

    const CheckConfig& c = config.check;
    if (c.job == preflight::Job::Destination) {
        // Before any output: a server that takes no writes is an error, not a report.
        const std::string role = c.role ? *c.role : facts.session_user;
        if (auto refused = not_writable(read_write_facts(conn, c.role), role, facts.database))
            throw ConnectError(refused->what, refused->hint);
    }
    const Style style(colour_wanted(to_terminal && ::isatty(STDOUT_FILENO) != 0, env));
    const bool text = c.format == Format::Text && !c.fix;
    if (text) {
        print_connection(out, facts, config.connection.origin, style);
        out.flush(); // the connection is known even if the check then hangs
    }

    PreflightRequest request = request_for(c);
    request.init = source.init;
    PreflightResult result;
    // Rows go to disk as they arrive; the report is written only once the
    // last one is in, so an error half-way prints the error alone.
    RowSpool rows;
    if (to_terminal) {
        Progress progress(std::cerr, 3s, 10s);
        request.progress = progress.callback();
        result = run_preflight(conn.get(), request, rows);
    } else {
        // Several checks at once (a job file): no progress lines to mix up.
        result = run_preflight(conn.get(), request, rows);
    }
    for (Row r : source.rows)
        rows.add(std::move(r));
    if (InterruptGuard::interrupted())
        return {Outcome::Interrupted, result.role};

    if (c.fix) {
        out << fix_output(rows);
        // The script alone on stdout; the verdict for the person who ran it.
        std::cerr << verdict_line(result.role, c.job, rows.verdict(), Style(false)) << std::endl;
    } else if (c.format != Format::Text) {
        // JSON, and what the run over many targets makes of it (junit, github, html).
        write_json(out, facts, config.connection.origin, c, result, rows);
    } else {
        print_result(out, c, result, rows, style);
    }
    out.flush();
    return {outcome_of(rows.verdict()), result.role};
}

} // namespace preflight::client
