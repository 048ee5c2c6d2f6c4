// pg_preflight: parse -> validate -> connect -> report the connection ->
// run the preflight -> report -> exit status (see common/exit_status.hpp).
#include "common/errors.hpp"
#include "common/exit_status.hpp"
#include "common/redact.hpp"
#include "config/cli.hpp"
#include "config/password_input.hpp"
#include "config/validate.hpp"
#include "connection/cancel.hpp"
#include "connection/connection.hpp"
#include "connection/facts.hpp"
#include "connection/server_name.hpp"
#include "connection/writable.hpp"
#include "preflight/preflight.hpp"
#include "report/error_line.hpp"
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

namespace pc = preflight::client;
using namespace std::chrono_literals;

namespace {

int fail(pc::Outcome outcome, const std::string& message, const std::string& hint,
         const pc::Secrets& secrets) {
    std::cerr << pc::error_line(message, hint, secrets) << std::endl;
    return pc::exit_status(outcome);
}

int interrupted(const pc::Secrets& secrets) {
    return fail(pc::Outcome::Interrupted, "interrupted: the check was cancelled on the server",
                "nothing was changed; run pg_preflight again for a verdict", secrets);
}

// Everything before the first byte goes to the network: status 3 on failure.
std::optional<pc::Config> configure(int argc, char** argv, const pc::Environment& env,
                                    pc::Secrets& secrets, int& status) {
    try {
        const pc::CommandLine cl = pc::parse_command_line({argv + 1, argv + argc});
        if (cl.action != pc::CommandLine::Action::Run) {
            std::cout << cl.text;
            status = 0;
            return std::nullopt;
        }
        pc::Config config = pc::validate(cl.options, {env, pc::read_password_from_stdin, secrets});
        for (const auto& w : config.warnings)
            std::cerr << pc::warning_line(w, secrets) << std::endl;
        return config;
    } catch (const pc::ClientError& e) {
        status = fail(e.outcome(), e.what(), e.hint(), secrets);
    } catch (const std::exception& e) {
        status =
            fail(pc::Outcome::InvalidConfiguration, e.what(), "see pg_preflight --help", secrets);
    }
    return std::nullopt;
}

pc::PreflightRequest request_for(const pc::CheckConfig& c) {
    pc::PreflightRequest r;
    r.job = c.job;
    r.role = c.role;
    r.schemas = c.schemas;
    r.options = c.options;
    r.source = c.source;
    return r;
}

int check(pc::Config& config, const pc::Environment& env, const pc::Secrets& secrets) {
    pc::ConnParams params = config.connection.params;
    if (config.connection.server_name)
        pc::apply_server_name(params, *config.connection.server_name);
    pc::Connection conn = pc::Connection::open(params, secrets);
    pc::InterruptGuard guard(conn.get()); // destroyed before conn: no cancel of a closed session
    conn.ping();
    const pc::ConnectionFacts facts = pc::read_facts(conn);

    const pc::CheckConfig& c = config.check;
    if (c.job == preflight::Job::Destination) {
        // Before any output: a server that takes no writes is an error, not a report.
        const std::string role = c.role ? *c.role : facts.session_user;
        if (auto refused =
                pc::not_writable(pc::read_write_facts(conn, c.role), role, facts.database))
            throw pc::ConnectError(refused->what, refused->hint);
    }
    const pc::Style style(pc::colour_wanted(::isatty(STDOUT_FILENO) != 0, env));
    const bool text = c.format == pc::Format::Text && !c.fix;
    if (text) {
        pc::print_connection(std::cout, facts, config.connection.origin, style);
        std::cout.flush(); // the connection is known even if the check then hangs
    }

    pc::PreflightRequest request = request_for(c);
    pc::PreflightResult result;
    // Rows go to disk as they arrive; the report is written only once the
    // last one is in, so an error half-way prints the error alone.
    pc::RowSpool rows;
    {
        pc::Progress progress(std::cerr, 3s, 10s);
        request.progress = progress.callback();
        result = pc::run_preflight(conn.get(), request, rows);
    }
    if (pc::InterruptGuard::interrupted())
        return interrupted(secrets);

    if (c.fix) {
        std::cout << pc::fix_output(rows);
        // The script alone on stdout; the verdict for the person who ran it.
        std::cerr << pc::verdict_line(result.role, c.job, rows.verdict(), pc::Style(false))
                  << std::endl;
    } else if (c.format == pc::Format::Json) {
        pc::write_json(std::cout, facts, config.connection.origin, c, result, rows);
    } else {
        pc::print_result(std::cout, c, result, rows, style);
    }
    std::cout.flush();
    return pc::exit_status(pc::outcome_of(rows.verdict()));
}

} // namespace

int main(int argc, char** argv) {
    const pc::Environment env = pc::Environment::process();
    pc::Secrets secrets;
    int status = 0;
    std::optional<pc::Config> config = configure(argc, argv, env, secrets, status);
    if (!config)
        return status;
    try {
        return check(*config, env, secrets);
    } catch (const pc::ClientError& e) {
        if (pc::InterruptGuard::interrupted())
            return interrupted(secrets);
        return fail(e.outcome(), e.what(), e.hint(), secrets);
    } catch (const std::exception& e) {
        if (pc::InterruptGuard::interrupted())
            return interrupted(secrets);
        return fail(pc::Outcome::ConnectionFailed, std::string("the check failed: ") + e.what(), "",
                    secrets);
    }
}
