// pg_preflight: parse -> validate -> connect -> report the connection ->
// run the preflight -> report -> exit status (see common/exit_status.hpp).
#include "common/errors.hpp"
#include "common/exit_status.hpp"
#include "common/redact.hpp"
#include "config/cli.hpp"
#include "config/password_input.hpp"
#include "config/validate.hpp"
#include "job_run.hpp"
#include "run_check.hpp"
#include "connection/cancel.hpp"
#include "report/error_line.hpp"

#include <iostream>

namespace pc = preflight::client;

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
        if (cl.options.fix_dir && cl.options.job_files.empty() && !cl.options.neosync_config)
            throw pc::ConfigError("--fix-dir needs --job-file or --neosync-config",
                                  "for one connection, use --fix > FILE");
        if (cl.options.neosync_config) {
            status = pc::run_neosync_config(cl.options, env, secrets);
            return std::nullopt;
        }
        if (!cl.options.job_files.empty()) {
            status = pc::run_job_file(cl.options, env, secrets);
            return std::nullopt;
        }
        if (cl.options.jobs)
            throw pc::ConfigError("--jobs needs --job-file or --neosync-config",
                                  "one connection is checked on its own");
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

} // namespace

int main(int argc, char** argv) {
    const pc::Environment env = pc::Environment::process();
    pc::Secrets secrets;
    int status = 0;
    std::optional<pc::Config> config = configure(argc, argv, env, secrets, status);
    if (!config)
        return status;
    try {
        const pc::Format format = config->check.format;
        if (format == pc::Format::Junit || format == pc::Format::Github ||
            format == pc::Format::Html)
            return pc::run_connection_report(std::move(*config), env, secrets);
        const pc::CheckRun run = pc::run_check(*config, env, secrets, std::cout, true);
        if (run.outcome == pc::Outcome::Interrupted)
            return interrupted(secrets);
        return pc::exit_status(run.outcome);
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
