#include "neosync_config.hpp"

#include "../common/errors.hpp"
#include "yaml_file.hpp"

#include <yaml-cpp/yaml.h>

#include <set>

namespace preflight::client {

namespace {

std::string place(const std::string& path, const YAML::Mark& m) {
    return yaml_place(path, m);
}

[[noreturn]] void refuse(const std::string& path, const YAML::Node& at, const std::string& what,
                         const std::string& hint) {
    yaml_refuse("Neosync config", path, at, what, hint);
}

void check_keys(const std::string& path, const YAML::Node& map, const std::string& what,
                const std::set<std::string>& valid) {
    if (!map.IsMap())
        refuse(path, map, what + " must be a mapping", "see Neosync's sync --config format");
    for (const auto& entry : map) {
        const YAML::Node key = entry.first;
        if (!key.IsScalar() || !valid.count(key.Scalar())) {
            std::string names;
            for (const auto& v : valid)
                names += (names.empty() ? "" : ", ") + v;
            refuse(path, key,
                   "unknown key " + shown_key(key.IsScalar() ? key.Scalar() : "") + " in " + what,
                   "valid keys: " + names);
        }
    }
}

bool flag(const std::string& path, const YAML::Node& map, const char* key) {
    const YAML::Node v = map[key];
    if (!v)
        return false;
    if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false"))
        refuse(path, v, "\"" + std::string(key) + "\" must be true or false",
               "write " + std::string(key) + ": true");
    return v.Scalar() == "true";
}

OptionValue boolean(const char* key, bool value) {
    return OptionValue{key, OptionValue::Type::Bool, value ? "true" : "false"};
}

} // namespace

EndpointSpec parse_neosync_config(const std::string& text, const std::string& path) {
    const YAML::Node root = load_yaml(text, path, "Neosync config",
                                      "the file must be YAML, as neosync sync --config reads it");
    check_keys(path, root, "the file",
               {"source", "destination", "aws-dynamodb-destination", "output-type", "account-id"});
    const YAML::Node d = root["destination"];
    if (!d)
        refuse(path, root, "the file has no destination",
               "pg_preflight checks the file's PostgreSQL destination");
    check_keys(path, d, "destination",
               {"connection-url", "driver", "init-schema", "truncate-before-insert",
                "truncate-cascade", "on-conflict", "connection-opts", "max-in-flight", "batch"});
    EndpointSpec e;
    e.label = "the destination of the Neosync config";
    e.where = place(path, d.Mark());
    e.raw.job = "destination";
    if (const YAML::Node driver = d["driver"];
        !driver || !driver.IsScalar() || driver.Scalar() != "postgres")
        refuse(path, driver ? driver : d, "the destination's driver must be postgres",
               "pg_preflight checks PostgreSQL destinations (driver: postgres)");
    const YAML::Node url = d["connection-url"];
    if (!url || !url.IsScalar() || url.Scalar().empty())
        refuse(path, url ? url : d, "the destination has no connection-url",
               "write connection-url: postgresql://user@host/db");
    e.raw.url = url.Scalar();
    const auto at = [&](const char* key) { return place(path, d[key] ? d[key].Mark() : d.Mark()); };
    if (flag(path, d, "init-schema")) {
        e.options.push_back(boolean("init_tables", true));
        e.option_places.push_back(at("init-schema"));
    }
    const bool cascade = flag(path, d, "truncate-cascade");
    if (flag(path, d, "truncate-before-insert") || cascade) {
        e.options.push_back(boolean("truncate", true));
        e.option_places.push_back(at(cascade ? "truncate-cascade" : "truncate-before-insert"));
    }
    if (cascade) {
        e.options.push_back(boolean("truncate_cascade", true));
        e.option_places.push_back(at("truncate-cascade"));
    }
    if (const YAML::Node oc = d["on-conflict"]) {
        check_keys(path, oc, "on-conflict", {"do-nothing", "do-update"});
        bool update = false;
        if (const YAML::Node du = oc["do-update"]) {
            check_keys(path, du, "do-update", {"enabled"});
            update = flag(path, du, "enabled");
        }
        // Neosync: do-update when enabled, else do-nothing when set.
        const char* value = update ? "update" : flag(path, oc, "do-nothing") ? "nothing" : nullptr;
        if (value) {
            e.options.push_back(OptionValue{"on_conflict", OptionValue::Type::String, value});
            e.option_places.push_back(place(path, oc.Mark()));
        }
    }
    return e;
}

EndpointSpec read_neosync_config(const std::string& path) {
    return parse_neosync_config(read_text_file(path, "Neosync config"), path);
}

} // namespace preflight::client
