#include "job.hpp"

#include "../../core/errors.hpp"
#include "../common/errors.hpp"

#include <utility>

namespace preflight::client {

namespace {

// The destination flags as the option keys of preflight.check, so core's
// parse_options applies the very rules the extension applies.
std::vector<std::pair<const char*, OptionValue>> destination_flags(const RawOptions& raw) {
    auto flag = [](const char* key, bool value) {
        return OptionValue{key, OptionValue::Type::Bool, value ? "true" : "false"};
    };
    std::vector<std::pair<const char*, OptionValue>> out;
    if (raw.truncate)
        out.emplace_back("--truncate", flag("truncate", true));
    if (raw.truncate_cascade)
        out.emplace_back("--truncate-cascade", flag("truncate_cascade", true));
    if (raw.no_reset_sequences)
        out.emplace_back("--no-reset-sequences", flag("reset_sequences", false));
    if (raw.no_update_foreign_keys)
        out.emplace_back("--no-update-foreign-keys", flag("update_foreign_keys", false));
    if (raw.create_schemas)
        out.emplace_back("--create-schemas", flag("create_schemas", true));
    if (raw.init_tables)
        out.emplace_back("--init-tables", flag("init_tables", true));
    if (raw.on_conflict)
        out.emplace_back("--on-conflict",
                         OptionValue{"on_conflict", OptionValue::Type::String, *raw.on_conflict});
    return out;
}

template <typename T>
T one_of(const std::optional<std::string>& value, const char* option,
         std::initializer_list<std::pair<const char*, T>> choices, T fallback) {
    if (!value)
        return fallback;
    std::string names;
    for (const auto& [name, v] : choices) {
        if (*value == name)
            return v;
        names += names.empty() ? "" : ", ";
        names += name;
    }
    throw ConfigError(std::string(option) + " \"" + *value + "\" is not valid",
                      "use one of " + names);
}

} // namespace

const char* source_name(Source source) {
    switch (source) {
    case Source::Auto:
        return "auto";
    case Source::Extension:
        return "extension";
    case Source::Catalog:
        return "catalog";
    }
    return "auto";
}

CheckConfig check_config(const RawOptions& raw) {
    CheckConfig c;
    c.job = one_of<Job>(raw.job, "--job",
                        {{"source", Job::Source}, {"destination", Job::Destination}}, Job::Source);
    const auto flags = destination_flags(raw);
    if (c.job == Job::Source && !flags.empty())
        throw ConfigError(std::string(flags.front().first) + " applies to the destination job only",
                          "add --job destination, or drop " + std::string(flags.front().first));
    if (raw.truncate_cascade && !raw.truncate)
        throw ConfigError("--truncate-cascade changes how --truncate truncates",
                          "give --truncate with --truncate-cascade");
    if (raw.on_conflict)
        one_of<int>(raw.on_conflict, "--on-conflict", {{"none", 0}, {"nothing", 1}, {"update", 2}},
                    0);
    std::vector<OptionValue> values;
    for (const auto& f : flags)
        values.push_back(f.second);
    try {
        c.options = parse_options(c.job, values);
    } catch (const UserError& e) {
        throw ConfigError(e.what(), e.hint());
    }

    if (raw.role && raw.role->empty())
        throw ConfigError("--role is empty", "give the role to check, or leave --role out to "
                                             "check the user you connect as");
    c.role = raw.role;
    for (const auto& s : raw.schemas)
        if (s.empty())
            throw ConfigError("--schema is empty", "give a schema name");
    if (!raw.schemas.empty())
        c.schemas = raw.schemas;

    c.source = one_of<Source>(
        raw.source, "--source",
        {{"auto", Source::Auto}, {"extension", Source::Extension}, {"catalog", Source::Catalog}},
        Source::Auto);
    c.format = one_of<Format>(raw.format, "--format",
                              {{"text", Format::Text}, {"json", Format::Json}}, Format::Text);
    c.fix = raw.fix;
    if (c.fix && raw.format)
        throw ConfigError("--fix prints the fix script alone, so it takes no --format",
                          "drop --format, or drop --fix (the JSON has every row's fix)");
    return c;
}

} // namespace preflight::client
