#include "job_file.hpp"

#include "../../core/errors.hpp"
#include "../common/errors.hpp"
#include "validate.hpp"
#include "yaml_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstring>
#include <set>

namespace preflight::client {

namespace {

std::string place(const std::string& path, const YAML::Mark& m) {
    return yaml_place(path, m);
}

[[noreturn]] void refuse(const std::string& path, const YAML::Node& at, const std::string& what,
                         const std::string& hint) {
    yaml_refuse("job file", path, at, what, hint);
}

const char* kind_of(const YAML::Node& n) {
    switch (n.Type()) {
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return "a value";
    default:
        return "nothing";
    }
}

std::string names(std::initializer_list<const char*> keys) {
    std::string out;
    for (const char* k : keys)
        out += (out.empty() ? "" : ", ") + std::string(k);
    return out;
}

// The keys of a mapping, each once, each one of `valid`.
void check_keys(const std::string& path, const YAML::Node& map, const std::string& what,
                std::initializer_list<const char*> valid) {
    std::set<std::string> seen;
    for (const auto& entry : map) {
        const YAML::Node key = entry.first;
        if (!key.IsScalar())
            refuse(path, key, "a key of " + what + " must be a name",
                   "valid keys: " + names(valid));
        const std::string k = key.Scalar();
        bool known = false;
        for (const char* v : valid)
            known = known || k == v;
        if (k == "password")
            refuse(path, key,
                   "a password in the job file is refused: anyone who can read the file "
                   "would have it",
                   "use password_env: " + std::string(kUrlEnvPrefix) +
                       "..., a password file (~/.pgpass) or PGPASSWORD");
        if (!known)
            refuse(path, key, "unknown key " + shown_key(k) + " in " + what,
                   "valid keys: " + names(valid));
        if (!seen.insert(k).second)
            refuse(path, key, shown_key(k) + " is given twice in " + what, "keep one of them");
    }
}

std::string text_of(const std::string& path, const YAML::Node& n, const std::string& key) {
    if (!n.IsScalar())
        refuse(path, n, "\"" + key + "\" must be a value, not " + std::string(kind_of(n)),
               "write " + key + ": VALUE");
    return n.Scalar();
}

// A scalar as the options parser types it: YAML's plain true/false are
// booleans, plain numbers numbers, quoted or other text strings.
OptionValue option_value(const std::string& key, const YAML::Node& n) {
    OptionValue v;
    v.key = key;
    if (n.IsMap()) {
        v.type = OptionValue::Type::Object;
    } else if (n.IsSequence()) {
        v.type = OptionValue::Type::Array;
    } else if (!n.IsScalar()) {
        v.type = OptionValue::Type::Null;
    } else if (n.Tag() == "!") { // quoted
        v.type = OptionValue::Type::String;
        v.text = n.Scalar();
    } else {
        const std::string s = n.Scalar();
        if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
            s == "FALSE") {
            v.type = OptionValue::Type::Bool;
            v.text = s[0] == 't' || s[0] == 'T' ? "true" : "false";
        } else if (s == "null" || s == "~" || s.empty()) {
            v.type = OptionValue::Type::Null;
        } else if (s.find_first_not_of("+-0123456789.eE") == std::string::npos) {
            v.type = OptionValue::Type::Number;
        } else {
            v.type = OptionValue::Type::String;
            v.text = s;
        }
    }
    return v;
}

EndpointSpec endpoint(const std::string& path, const YAML::Node& n, Job job,
                      const std::string& label) {
    EndpointSpec e;
    e.label = label;
    e.where = place(path, n.Mark());
    if (!n.IsMap())
        refuse(path, n, label + " must be a mapping, not " + std::string(kind_of(n)),
               "give url_env:, url: or host:, port:, dbname:, username: under it");
    check_keys(path, n, label,
               {"url", "url_env", "host", "port", "dbname", "username", "password_env", "sslmode",
                "root_cert", "client_cert", "client_key", "server_name", "connect_timeout", "role",
                "options"});
    RawOptions& r = e.raw;
    r.job = job_name(job);
    const std::pair<const char*, std::optional<std::string>*> fields[] = {
        {"url", &r.url},
        {"url_env", &r.url_env},
        {"host", &r.host},
        {"port", &r.port},
        {"dbname", &r.dbname},
        {"username", &r.username},
        {"sslmode", &r.sslmode},
        {"root_cert", &r.root_cert},
        {"client_cert", &r.client_cert},
        {"client_key", &r.client_key},
        {"server_name", &r.server_name},
        {"connect_timeout", &r.connect_timeout},
        {"role", &r.role},
        {"password_env", &e.password_env},
    };
    for (const auto& [key, field] : fields)
        if (const YAML::Node v = n[key])
            *field = text_of(path, v, key);
    if (const YAML::Node opts = n["options"]) {
        if (!opts.IsMap())
            refuse(path, opts,
                   "\"options\" of " + label + " must be a mapping, not " +
                       std::string(kind_of(opts)),
                   "write options: { truncate: true }");
        for (const auto& entry : opts) {
            const YAML::Node name = entry.first;
            const std::string key = text_of(path, name, "an option's name");
            e.options.push_back(option_value(key, entry.second));
            e.option_places.push_back(place(path, name.Mark()));
        }
    }
    return e;
}

std::vector<JobSpec> parse(const std::string& path, const YAML::Node& root) {
    if (!root.IsMap())
        refuse(path, root,
               "the file must be a mapping with a \"jobs\" list, not " + std::string(kind_of(root)),
               "begin the file with jobs:");
    check_keys(path, root, "the file", {"jobs"});
    const YAML::Node jobs = root["jobs"];
    if (!jobs || !jobs.IsSequence() || jobs.size() == 0)
        refuse(path, jobs ? jobs : root, "\"jobs\" must be a list of one job or more",
               "write jobs: and under it - name: ...");
    std::vector<JobSpec> out;
    std::set<std::string> names_seen;
    for (const YAML::Node& j : jobs) {
        if (!j.IsMap())
            refuse(path, j, "a job must be a mapping, not " + std::string(kind_of(j)),
                   "give name:, source: and destinations:");
        check_keys(path, j, "a job", {"name", "source", "destinations", "schemas"});
        JobSpec job;
        if (!j["name"])
            refuse(path, j, "a job has no name", "give it name: NAME");
        job.name = text_of(path, j["name"], "name");
        if (job.name.empty())
            refuse(path, j["name"], "a job's name is empty", "give it name: NAME");
        if (!names_seen.insert(job.name).second)
            refuse(path, j["name"], "two jobs are named \"" + job.name + "\"",
                   "give each job a name of its own");
        std::optional<std::vector<std::string>> schemas;
        if (const YAML::Node s = j["schemas"]) {
            if (!s.IsSequence())
                refuse(path, s, "\"schemas\" must be a list, not " + std::string(kind_of(s)),
                       "write schemas: [sales, inventory]");
            schemas.emplace();
            for (const YAML::Node& name : s)
                schemas->push_back(text_of(path, name, "a schema"));
        }
        const std::string of = " of job \"" + job.name + "\"";
        if (!j["source"])
            refuse(path, j, "job \"" + job.name + "\" has no source", "give it source:");
        job.source = endpoint(path, j["source"], Job::Source, "the source" + of);
        const YAML::Node dests = j["destinations"];
        if (!dests || !dests.IsSequence() || dests.size() == 0)
            refuse(path, dests ? dests : j,
                   "job \"" + job.name + "\" needs \"destinations\": a list of one or more",
                   "write destinations: and under it - url_env: ...");
        for (std::size_t i = 0; i < dests.size(); ++i)
            job.destinations.push_back(endpoint(path, dests[i], Job::Destination,
                                                "destination " + std::to_string(i + 1) + of));
        for (EndpointSpec* e : [&] {
                 std::vector<EndpointSpec*> all{&job.source};
                 for (auto& d : job.destinations)
                     all.push_back(&d);
                 return all;
             }())
            if (schemas)
                e->raw.schemas = *schemas;
        out.push_back(std::move(job));
    }
    return out;
}

// validate.cpp speaks of flags; in a job file the same rules name keys.
std::string as_keys(std::string text) {
    static const std::pair<const char*, const char*> flags[] = {
        {"--url-env", "url_env"},
        {"--url", "url"},
        {"--host", "host"},
        {"--port", "port"},
        {"--dbname", "dbname"},
        {"--username", "username"},
        {"--sslmode", "sslmode"},
        {"--root-cert", "root_cert"},
        {"--client-cert", "client_cert"},
        {"--client-key", "client_key"},
        {"--server-name", "server_name"},
        {"--connect-timeout", "connect_timeout"},
        {"--role", "role"},
    };
    for (const auto& [flag, key] : flags)
        for (std::size_t at = text.find(flag); at != std::string::npos;
             at = text.find(flag, at + 1)) {
            const std::size_t end = at + std::char_traits<char>::length(flag);
            // "--url" is also the start of "--url-env".
            if (end < text.size() &&
                (text[end] == '-' || std::isalnum(static_cast<unsigned char>(text[end]))))
                continue;
            text.replace(at, end - at, key);
        }
    return text;
}

} // namespace

std::vector<JobSpec> parse_job_file(const std::string& text, const std::string& path) {
    return parse(path, load_yaml(text, path, "job file",
                                 "the file must be YAML: see the job file in the README"));
}

std::vector<JobSpec> read_job_file(const std::string& path) {
    return parse_job_file(read_text_file(path, "job file"), path);
}

Config endpoint_config(const EndpointSpec& end, const Environment& env, Secrets& secrets) {
    Config config;
    try {
        config = validate(end.raw, {env, nullptr, secrets});
    } catch (const ConfigError& e) {
        throw ConfigError("job file " + end.where + ", " + end.label + ": " + as_keys(e.what()),
                          as_keys(e.hint()));
    }
    config.connection.origin = "job file, " + end.label;
    const Job job = config.check.job;
    // Each option alone first, so that an error names its line.
    for (std::size_t i = 0; i < end.options.size(); ++i) {
        try {
            parse_options(job, {end.options[i]});
        } catch (const preflight::UserError& e) {
            throw ConfigError(
                "job file " + end.option_places[i] + ", " + end.label + ": " + e.what(), e.hint());
        }
    }
    try {
        config.check.options = parse_options(job, end.options);
    } catch (const preflight::UserError& e) {
        throw ConfigError("job file " + end.where + ", " + end.label + ": " + e.what(), e.hint());
    }
    if (config.check.options.truncate_cascade && !config.check.options.truncate)
        throw ConfigError("job file " + end.where + ", " + end.label +
                              ": truncate_cascade changes truncate, which is off",
                          "add truncate: true, or drop truncate_cascade");
    if (end.password_env) {
        const std::string& name = *end.password_env;
        const std::string where = "job file " + end.where + ", " + end.label + ": ";
        if (name.rfind(kUrlEnvPrefix, 0) != 0 || name.size() == std::strlen(kUrlEnvPrefix))
            throw ConfigError(where + "password_env " + name +
                                  " is refused: only variables whose names begin with " +
                                  kUrlEnvPrefix + " are read",
                              "put the password in a variable named " + std::string(kUrlEnvPrefix) +
                                  "SOMETHING");
        const auto value = env.get(name);
        if (!value || value->empty())
            throw ConfigError(where + "environment variable " + name + " is not set",
                              "export " + name + " with the password");
        secrets.add(*value);
        if (config.connection.params.has("password"))
            throw ConfigError(where + "password_env was given but the URL holds a password too",
                              "keep the password in one place");
        config.connection.params.set("password", *value);
    }
    return config;
}

} // namespace preflight::client
