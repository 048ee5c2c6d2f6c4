// pg_preflight --job-file: every end of every job of the file (or of the
// one --job names), each checked as its own connection, then one report and
// one exit status for all of them.
#include "job_run.hpp"

#include "common/errors.hpp"
#include "config/job_file.hpp"
#include "config/neosync_config.hpp"
#include "config/password_input.hpp"
#include "config/validate.hpp"
#include "report/error_line.hpp"
#include "jobs/run_ends.hpp"
#include "run_check.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>

namespace preflight::client {

namespace {


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

// The job files --job-file names, each a file or a folder of them (its
// *.yaml and *.yml files, by name), in the order given.
std::vector<std::string> job_file_paths(const std::vector<std::string>& given) {
    std::vector<std::string> out;
    for (const auto& g : given) {
        std::error_code ec;
        if (!std::filesystem::is_directory(g, ec)) {
            out.push_back(g);
            continue;
        }
        std::vector<std::string> in_folder;
        for (const auto& entry : std::filesystem::directory_iterator(g, ec)) {
            const std::string ext = entry.path().extension().string();
            if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
                in_folder.push_back(entry.path().string());
        }
        if (ec)
            throw ConfigError("--job-file " + g + " cannot be read: " + ec.message(),
                              "give a job file, or a folder this user may read");
        if (in_folder.empty())
            throw ConfigError("--job-file " + g + " is a folder with no job file in it",
                              "job files end in .yaml or .yml");
        std::sort(in_folder.begin(), in_folder.end());
        out.insert(out.end(), in_folder.begin(), in_folder.end());
    }
    return out;
}

// --jobs N: how many connections are checked at once.
int jobs_at_once(const RawOptions& cl) {
    if (!cl.jobs)
        return 8;
    const std::string& v = *cl.jobs;
    int n = 0;
    bool digits = !v.empty() && v.size() <= 3;
    for (char c : v)
        digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (digits)
        n = std::stoi(v);
    if (!digits || n < 1 || n > kMaxJobs)
        throw ConfigError("--jobs must be a whole number from 1 to " + std::to_string(kMaxJobs),
                          "it is how many connections are checked at once (default 8)");
    return n;
}

RunSettings settings_of(const RawOptions& cl, const Config& any) {
    RunSettings r;
    r.format = any.check.format;
    r.fix = cl.fix;
    r.fix_dir = cl.fix_dir;
    r.jobs = jobs_at_once(cl);
    return r;
}

End make_end(const std::string& job, const std::string& file, std::size_t source,
             const std::string& label, Config config) {
    End e;
    e.target.job = job;
    e.target.file = file;
    e.target.label = label;
    e.target.end = config.check.job == Job::Source ? "source" : "destination";
    e.source = source;
    e.config = std::move(config);
    return e;
}

} // namespace

int run_job_file(const RawOptions& cl, const Environment& env, Secrets& secrets) {
    // Everything is judged before the first connection (exit status 3).
    refuse_file_keys(cl);
    make_fix_dir(cl);
    const std::vector<std::string> files = job_file_paths(cl.job_files);
    struct FileJob {
        std::string file;
        JobSpec job;
    };
    std::vector<FileJob> all;
    std::map<std::string, std::string> seen; // job name -> its file
    for (const auto& f : files)
        for (auto& j : read_job_file(f)) {
            auto [it, added] = seen.emplace(j.name, f);
            if (!added)
                throw ConfigError("job \"" + j.name + "\" is in " + it->second + " and in " + f,
                                  "give each job a name of its own across the files checked "
                                  "together");
            all.push_back({f, std::move(j)});
        }
    std::vector<const FileJob*> chosen;
    for (const auto& j : all)
        if (!cl.job || j.job.name == *cl.job)
            chosen.push_back(&j);
    if (chosen.empty()) {
        std::string names;
        for (const auto& j : all)
            names += (names.empty() ? "" : ", ") + j.job.name;
        throw ConfigError("no job named \"" + *cl.job + "\" in " +
                              (files.size() == 1 ? "job file " + files.front()
                                                 : std::to_string(files.size()) + " job files"),
                          "the jobs: " + names);
    }
    std::vector<End> ends;
    for (const FileJob* fj : chosen) {
        const std::size_t first = ends.size(); // its source
        std::vector<const EndpointSpec*> specs{&fj->job.source};
        for (const auto& d : fj->job.destinations)
            specs.push_back(&d);
        for (const EndpointSpec* spec : specs) {
            EndpointSpec with_output = *spec;
            with_output.raw.format = cl.format;
            with_output.raw.fix = cl.fix || cl.fix_dir;
            with_output.raw.source = cl.source;
            End e = make_end(fj->job.name, fj->file, first, spec->label,
                             endpoint_config(with_output, env, secrets));
            for (const auto& w : e.config.warnings)
                std::cerr << warning_line(spec->label + ": " + w, secrets) << std::endl;
            ends.push_back(std::move(e));
        }
    }
    RunSettings run = settings_of(cl, ends.front().config);
    run.files = files;
    return run_ends(ends, run, env, secrets);
}

int run_neosync_config(const RawOptions& cl, const Environment& env, Secrets& secrets) {
    if (!cl.job_files.empty())
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
    const int jobs = jobs_at_once(cl);
    EndpointSpec dest = read_neosync_config(*cl.neosync_config);
    dest.raw.schemas = cl.schemas;
    dest.raw.format = cl.format;
    dest.raw.fix = cl.fix || cl.fix_dir;
    dest.raw.source = cl.source;

    RawOptions src = cl;
    src.neosync_config.reset();
    src.jobs.reset();
    src.job = "source";
    std::vector<End> ends;
    ends.push_back(make_end("neosync sync", *cl.neosync_config, 0, "the source (this command line)",
                            validate(src, {env, read_password_from_stdin, secrets})));
    ends.push_back(make_end("neosync sync", *cl.neosync_config, 0, dest.label,
                            endpoint_config(dest, env, secrets)));
    for (const auto& e : ends)
        for (const auto& w : e.config.warnings)
            std::cerr << warning_line(e.target.label + ": " + w, secrets) << std::endl;
    RunSettings run = settings_of(cl, ends.back().config);
    run.jobs = jobs;
    run.files = {*cl.neosync_config};
    return run_ends(ends, run, env, secrets);
}

int run_connection_report(Config config, const Environment& env, const Secrets& secrets) {
    std::vector<End> ends;
    ends.push_back(make_end("pg_preflight", "", 0, "the connection", std::move(config)));
    ends.back().compare = false;
    RunSettings run;
    run.format = ends.back().config.check.format;
    return run_ends(ends, run, env, secrets);
}

} // namespace preflight::client
