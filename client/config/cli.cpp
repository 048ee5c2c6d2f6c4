#include "cli.hpp"

#include "../../core/version.hpp"
#include "../common/errors.hpp"

#include <CLI/CLI.hpp>

namespace preflight::client {

namespace {

constexpr const char* kFooter =
    R"(Connecting (one way, or none for libpq's PGHOST, PGPORT, PGUSER, PGDATABASE,
PGSSLMODE, PGSERVICE, PGPASSWORD, ~/.pgpass):
  --url 'postgresql://user@host:5432/db?sslmode=verify-full'
  --url-env USER_DEFINED_SOURCE_DB        (the variable holds the URL)
  --host db.example.com --port 5432 --dbname shop --username sync --password-stdin

Exit status: 0 ready, 1 connected but not ready (something is missing),
2 could not connect or the server failed the check, 3 invalid configuration
(nothing attempted), 130 interrupted.)";

// Options whose value is a string the rules judge later.
void text_option(CLI::App& app, const std::string& name, std::optional<std::string>& target,
                 const std::string& description, const std::string& group,
                 const std::string& type = "TEXT") {
    app.add_option_function<std::string>(
           name, [&target](const std::string& v) { target = v; }, description)
        ->type_name(type)
        ->group(group);
}

// A flag takes no value: "--password-stdin=hunter2" is refused by name,
// never converted (a conversion error would quote the value).
void flag(CLI::App& app, const std::string& name, bool& target, const std::string& description,
          const std::string& group) {
    app.add_flag(name, target, description)->disable_flag_override()->group(group);
}

void build(CLI::App& app, RawOptions& o, bool& version) {
    const std::string conn = "Connection";
    text_option(app, "--url", o.url, "postgresql:// URL or libpq key=value string", conn, "URL");
    text_option(app, "--url-env", o.url_env,
                "environment variable holding the URL (its name must begin with USER_DEFINED_)",
                conn, "NAME");
    text_option(app, "--host", o.host, "host name, IP address or socket directory", conn, "HOST");
    text_option(app, "--port", o.port, "port (default: $PGPORT, else 5432)", conn, "PORT");
    text_option(app, "--dbname", o.dbname, "database name", conn, "NAME");
    text_option(app, "--username", o.username, "user name", conn, "NAME");
    flag(app, "--password-stdin", o.password_stdin, "read the password from one line of stdin",
         conn);
    text_option(app, "--connect-timeout", o.connect_timeout, "seconds to wait (default 10)", conn,
                "SECONDS");
    // Not in --help: it exists only to refuse a password on the command line.
    app.add_option_function<std::string>("--password",
                                         [&o](const std::string&) { o.password_given = true; })
        ->group("");

    const std::string tls = "TLS";
    text_option(app, "--sslmode", o.sslmode,
                "disable, allow, prefer, require, verify-ca or verify-full", tls, "MODE");
    text_option(app, "--root-cert", o.root_cert, "CA certificate to verify the server with", tls,
                "FILE");
    text_option(app, "--client-cert", o.client_cert, "client certificate (with --client-key)", tls,
                "FILE");
    text_option(app, "--client-key", o.client_key, "client key (with --client-cert)", tls, "FILE");
    text_option(app, "--server-name", o.server_name,
                "check the certificate against NAME, connecting to --host", tls, "NAME");

    const std::string job = "What to check";
    app.add_option("--job-file", o.job_files,
                   "a YAML job file, or a folder of them: their sources and destinations, "
                   "checked together (repeat it; README)")
        ->type_name("FILE")
        ->allow_extra_args(false)
        ->group(job);
    text_option(app, "--jobs", o.jobs,
                "with --job-file: how many connections are checked at once (default 8)", job, "N");
    text_option(app, "--neosync-config", o.neosync_config,
                "the file of neosync sync --config: its destination is checked, with this "
                "command line's connection as the source",
                job, "FILE");
    text_option(app, "--job", o.job,
                "source (read, the default) or destination (write); with --job-file, the name "
                "of the file's job to check (default: every job)",
                job, "JOB");
    app.add_option("--schema", o.schemas, "schema to check (repeat it; default: every schema)")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->group(job);
    text_option(app, "--role", o.role, "role to check (default: the user connected as)", job,
                "ROLE");

    // The job's options, from core's table: "Destination job", "Source job".
    for (std::size_t i = 0; i < RawOptions::kJobOptions; ++i) {
        const OptionSpec& spec = kOptionTable[i];
        const std::string group = spec.job == Job::Source ? "Source job" : "Destination job";
        if (spec.type == OptionSpec::Type::Boolean)
            flag(app, spec.flag, o.option_flags[i], spec.help, group);
        else
            text_option(app, spec.flag, o.option_values[i],
                        spec.values_help() + " (" + spec.help + ")", group, spec.value_of);
    }

    const std::string out = "Output";
    text_option(app, "--format", o.format,
                "text (default), json, junit (JUnit XML), github (GitHub Actions annotations) "
                "or html (one self-contained page)",
                out, "FORMAT");
    flag(app, "--fix", o.fix, "print only the fix script, for psql", out);
    text_option(app, "--fix-dir", o.fix_dir,
                "with --job-file or --neosync-config: write each connection's fix script to a "
                "file of its own in DIR",
                out, "DIR");
    text_option(app, "--source", o.source,
                "auto (default), extension (preflight.check) or catalog (catalog queries)", out,
                "SOURCE");
    flag(app, "--version", version, "print the version", out);
}

} // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine cl;
    bool version = false;
    CLI::App app{"pg_preflight: can this role run this data job, and if not, which GRANT fixes "
                 "it?",
                 "pg_preflight"};
    app.footer(kFooter);
    app.allow_extras(true); // reported by validate(), without their values
    build(app, cl.options, version);

    std::vector<const char*> argv{"pg_preflight"};
    for (const auto& a : args)
        argv.push_back(a.c_str());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::CallForHelp&) {
        cl.action = CommandLine::Action::Help;
        cl.text = app.help();
        return cl;
    } catch (const CLI::ConversionError&) {
        // Its message quotes the value, which may be a password.
        throw ConfigError("a value on the command line could not be read (not shown, in case it "
                          "is a password)",
                          "see pg_preflight --help");
    } catch (const CLI::ParseError& e) {
        // The others name options and counts; values are kept out (flags
        // refuse "=value" by name, extras are reported by validate()).
        throw ConfigError(e.what(), "see pg_preflight --help");
    }
    cl.options.unexpected = app.remaining();
    if (version) {
        cl.action = CommandLine::Action::Version;
        cl.text = std::string("pg_preflight ") + kVersion + "\n";
    }
    return cl;
}

} // namespace preflight::client
