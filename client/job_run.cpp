// pg_preflight --job-file: every end of every job of the file (or of the
// one --job names), each checked as its own connection, then one report and
// one exit status for all of them.
#include "job_run.hpp"

#include "common/errors.hpp"
#include "config/job_file.hpp"
#include "config/neosync_config.hpp"
#include "config/password_input.hpp"
#include "config/validate.hpp"
#include "connection/cancel.hpp"
#include "connection/connection.hpp"
#include "connection/server_name.hpp"
#include "preflight/shape.hpp"
#include "report/error_line.hpp"
#include "run_check.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

namespace preflight::client {

namespace {

using json = nlohmann::ordered_json;

// What the command line may add to a job file: how to answer. Where to
// connect, the role, the schemas and the options are the file's.
void refuse_file_keys(const RawOptions& cl) {
    const std::pair<bool, const char*> given[] = {
        {cl.url.has_value(), "--url"},
        {cl.url_env.has_value(), "--url-env"},
        {cl.host.has_value(), "--host"},
        {cl.port.has_value(), "--port"},
        {cl.dbname.has_value(), "--dbname"},
        {cl.username.has_value(), "--username"},
        {cl.password_stdin, "--password-stdin"},
        {cl.sslmode.has_value(), "--sslmode"},
        {cl.root_cert.has_value(), "--root-cert"},
        {cl.client_cert.has_value(), "--client-cert"},
        {cl.client_key.has_value(), "--client-key"},
        {cl.server_name.has_value(), "--server-name"},
        {cl.connect_timeout.has_value(), "--connect-timeout"},
        {cl.role.has_value(), "--role"},
        {!cl.schemas.empty(), "--schema"},
    };
    for (const auto& [yes, flag] : given)
        if (yes)
            throw ConfigError(std::string(flag) + " cannot be used with --job-file",
                              "give it in the job file, on the source or the destination it "
                              "belongs to");
    for (std::size_t i = 0; i < RawOptions::kJobOptions; ++i)
        if (cl.option_flags[i] || cl.option_values[i])
            throw ConfigError(std::string(kOptionTable[i].flag) + " cannot be used with --job-file",
                              "give it under options: of the end it belongs to in the job file");
    if (cl.password_given || !cl.unexpected.empty())
        throw ConfigError("unexpected arguments with --job-file", "see pg_preflight --help");
}

struct End {
    std::string job;
    std::size_t source = 0; // the index of its job's source in `ends`
    std::string label;      // "the source of job "x"", for the report
    Config config;
    Outcome outcome = Outcome::Ready;
    std::string output;         // its report, JSON document or fix script
    std::string error;          // the error line when it could not be checked
    std::optional<Shape> shape; // what its database holds (read before the checks)
    std::string session_user;
};

// What the end's database holds, on a connection of its own.
void read_end(End& e, const Secrets& secrets) {
    ConnParams params = e.config.connection.params;
    if (e.config.connection.server_name)
        apply_server_name(params, *e.config.connection.server_name);
    Connection conn = Connection::open(params, secrets);
    e.session_user = PQuser(conn.get());
    e.shape = read_shape(conn.get(), e.config.check.schemas);
}

const char* outcome_name(Outcome o) {
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

// The worst of the ends decides: interrupted, then a failed connection,
// then not ready.
Outcome overall(const std::vector<End>& ends) {
    auto any = [&](Outcome o) {
        for (const auto& e : ends)
            if (e.outcome == o)
                return true;
        return false;
    };
    for (Outcome o : {Outcome::Interrupted, Outcome::ConnectionFailed, Outcome::NotReady})
        if (any(o))
            return o;
    return Outcome::Ready;
}

void write_text(std::ostream& out, const std::vector<End>& ends) {
    for (const auto& e : ends) {
        out << "\n== " << e.label << "\n";
        if (!e.error.empty())
            out << e.error << "\n";
        else
            out << e.output;
    }
    out << "\n";
    const Outcome all = overall(ends);
    out << (all == Outcome::Ready ? "READY" : "NOT READY") << "  the job file's "
        << (ends.size() == 1 ? "connection" : std::to_string(ends.size()) + " connections")
        << ":\n";
    for (const auto& e : ends)
        out << "  " << outcome_name(e.outcome) << "  " << e.label << "\n";
}

void write_fix(std::ostream& out, const std::vector<End>& ends) {
    for (const auto& e : ends) {
        out << "-- pg_preflight: the fix script for " << e.label
            << " (run it as a superuser on that server)\n";
        if (!e.error.empty())
            out << "-- not checked: " << e.error << "\n";
        else
            out << e.output;
        out << "\n";
    }
}

// A file name for an end: its job's name and its place, in letters, digits,
// '.', '_' and '-' only.
std::string file_name(const End& e, std::size_t index_in_job) {
    std::string name;
    for (char c : e.job)
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
    return name + (index_in_job == 0 ? ".source.sql"
                                     : ".destination-" + std::to_string(index_in_job) + ".sql");
}

// Before any connection: the folder exists, or is made.
void make_fix_dir(const RawOptions& cl) {
    if (!cl.fix_dir)
        return;
    if (cl.fix || cl.format)
        throw ConfigError("--fix-dir writes the fix scripts to files, so it takes no --fix or "
                          "--format",
                          "drop one of them");
    const std::string& dir = *cl.fix_dir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw ConfigError("--fix-dir " + dir + " cannot be made" +
                              (ec ? ": " + ec.message() : ": it is not a folder"),
                          "give a folder this user may write to");
}

void write_fix_files(const std::string& dir, const std::vector<End>& ends) {
    for (std::size_t i = 0; i < ends.size(); ++i) {
        const End& e = ends[i];
        const std::filesystem::path path = std::filesystem::path(dir) / file_name(e, i - e.source);
        std::ofstream f(path);
        f << "-- pg_preflight: the fix script for " << e.label
          << " (run it as a superuser on that server)\n";
        if (!e.error.empty())
            f << "-- not checked: " << e.error << "\n";
        else
            f << e.output;
        if (!f)
            throw ConfigError("cannot write " + path.string(), "check the folder's permissions");
        std::cout << outcome_name(e.outcome) << "  " << e.label << ": " << path.string() << "\n";
    }
}

void write_json_document(std::ostream& out, const std::string& path, const std::vector<End>& ends) {
    json jobs = json::array();
    for (const auto& e : ends) {
        if (jobs.empty() || jobs.back()["name"] != e.job)
            jobs.push_back(json{{"name", e.job}, {"ready", true}, {"connections", json::array()}});
        json& job = jobs.back();
        const bool source = e.config.check.job == Job::Source;
        json c{{"end", source ? "source" : "destination"},
               {"label", e.label},
               {"status", outcome_name(e.outcome)}};
        if (!e.error.empty())
            c["error"] = e.error;
        else
            c["report"] = json::parse(e.output, nullptr, false);
        if (e.outcome != Outcome::Ready)
            job["ready"] = false;
        job["connections"].push_back(std::move(c));
    }
    json doc{{"job_file", path}, {"ready", overall(ends) == Outcome::Ready}, {"jobs", jobs}};
    out << doc.dump(2, ' ', true, json::error_handler_t::replace) << "\n";
}

// Checks every end, one connection at a time, each report kept until all
// are in, then writes one report. A destination is compared with its job's
// source first: what the source has and the destination lacks adds rows.
int run_ends(std::vector<End>& ends, const RawOptions& cl, const std::string& file,
             const Environment& env, const Secrets& secrets) {
    // Every end at once, a connection and a thread each: first what each
    // database holds, then the checks (a destination's rows need its
    // source's shape).
    auto each_end = [&](const std::function<void(End&)>& work) {
        std::vector<std::thread> threads;
        for (auto& e : ends)
            threads.emplace_back([&work, &e] { work(e); });
        for (auto& t : threads)
            t.join();
    };
    auto failed = [&](End& e, const std::function<void()>& step) {
        try {
            step();
        } catch (const ClientError& err) {
            e.outcome = err.outcome();
            e.error = error_line(err.what(), err.hint(), secrets);
        } catch (const std::exception& err) {
            e.outcome = Outcome::ConnectionFailed;
            e.error = error_line(std::string("the check failed: ") + err.what(), "", secrets);
        }
    };
    each_end([&](End& e) { failed(e, [&] { read_end(e, secrets); }); });
    each_end([&](End& e) {
        if (!e.error.empty())
            return;
        failed(e, [&] {
            FromSource from;
            const End& source = ends[e.source];
            if (e.config.check.job == Job::Destination && source.shape) {
                from.rows = compare_shapes(*source.shape, *e.shape, e.config.check.options,
                                           e.config.check.role.value_or(e.session_user));
                if (e.config.check.options.init_tables)
                    from.init = init_from_source(*source.shape, *e.shape);
            }
            std::ostringstream out;
            const CheckRun run = run_check(e.config, env, secrets, out, false, from);
            e.outcome = run.outcome;
            e.output = out.str();
        });
    });
    if (InterruptGuard::interrupted())
        for (auto& e : ends) {
            e.outcome = Outcome::Interrupted;
            if (e.output.empty() && e.error.empty())
                e.error = "not checked: interrupted";
        }

    const Format format = ends.front().config.check.format;
    if (cl.fix_dir)
        write_fix_files(*cl.fix_dir, ends);
    else if (cl.fix)
        write_fix(std::cout, ends);
    else if (format == Format::Json)
        write_json_document(std::cout, file, ends);
    else
        write_text(std::cout, ends);
    std::cout.flush();
    return exit_status(overall(ends));
}

} // namespace

int run_job_file(const RawOptions& cl, const Environment& env, Secrets& secrets) {
    // Everything is judged before the first connection (exit status 3).
    refuse_file_keys(cl);
    make_fix_dir(cl);
    const std::vector<JobSpec> jobs = read_job_file(*cl.job_file);
    std::vector<const JobSpec*> chosen;
    for (const auto& j : jobs)
        if (!cl.job || j.name == *cl.job)
            chosen.push_back(&j);
    if (chosen.empty()) {
        std::string names;
        for (const auto& j : jobs)
            names += (names.empty() ? "" : ", ") + j.name;
        throw ConfigError("job file " + *cl.job_file + " has no job named \"" + *cl.job + "\"",
                          "its jobs: " + names);
    }
    std::vector<End> ends;
    for (const JobSpec* j : chosen) {
        const std::size_t first = ends.size(); // its source
        std::vector<const EndpointSpec*> specs{&j->source};
        for (const auto& d : j->destinations)
            specs.push_back(&d);
        for (const EndpointSpec* spec : specs) {
            EndpointSpec with_output = *spec;
            with_output.raw.format = cl.format;
            with_output.raw.fix = cl.fix || cl.fix_dir;
            with_output.raw.source = cl.source;
            End e;
            e.job = j->name;
            e.source = first;
            e.label = spec->label;
            e.config = endpoint_config(with_output, env, secrets);
            for (const auto& w : e.config.warnings)
                std::cerr << warning_line(spec->label + ": " + w, secrets) << std::endl;
            ends.push_back(std::move(e));
        }
    }

    return run_ends(ends, cl, *cl.job_file, env, secrets);
}

int run_neosync_config(const RawOptions& cl, const Environment& env, Secrets& secrets) {
    if (cl.job_file)
        throw ConfigError("--neosync-config and --job-file both describe the job", "give one");
    if (cl.job)
        throw ConfigError("--job cannot be used with --neosync-config",
                          "the file's destination is checked as a destination, this command "
                          "line's connection as its source");
    for (std::size_t i = 0; i < RawOptions::kJobOptions; ++i)
        if (kOptionTable[i].job == Job::Destination && (cl.option_flags[i] || cl.option_values[i]))
            throw ConfigError(std::string(kOptionTable[i].flag) +
                                  " cannot be used with --neosync-config",
                              "the Neosync config's destination block says what the job does");
    make_fix_dir(cl);
    EndpointSpec dest = read_neosync_config(*cl.neosync_config);
    dest.raw.schemas = cl.schemas;
    dest.raw.format = cl.format;
    dest.raw.fix = cl.fix || cl.fix_dir;
    dest.raw.source = cl.source;

    RawOptions src = cl;
    src.neosync_config.reset();
    src.job = "source";
    std::vector<End> ends(2);
    ends[0].job = ends[1].job = "neosync sync";
    ends[0].label = "the source (this command line)";
    ends[0].config = validate(src, {env, read_password_from_stdin, secrets});
    ends[1].label = dest.label;
    ends[1].config = endpoint_config(dest, env, secrets);
    for (const auto& e : ends)
        for (const auto& w : e.config.warnings)
            std::cerr << warning_line(e.label + ": " + w, secrets) << std::endl;
    return run_ends(ends, cl, *cl.neosync_config, env, secrets);
}

} // namespace preflight::client
