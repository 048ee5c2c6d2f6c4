#include "job.hpp"

#include "../../core/errors.hpp"
#include "../common/errors.hpp"

#include <algorithm>
#include <utility>

namespace preflight::client {

namespace {

// A job option given on the command line: its flag, and its value as a
// key of preflight.check's options object, so core's parse_options applies
// the very rules the extension applies.
struct GivenOption {
    const OptionSpec* spec;
    OptionValue value;
};

// In the table's order; a choice's value is checked against its names here,
// to answer in the command line's words.
std::vector<GivenOption> given_options(const RawOptions& raw) {
    std::vector<GivenOption> out;
    for (std::size_t i = 0; i < RawOptions::kJobOptions; ++i) {
        const OptionSpec& spec = kOptionTable[i];
        if (spec.type == OptionSpec::Type::Boolean && raw.option_flags[i])
            out.push_back({&spec, OptionValue{spec.key, OptionValue::Type::Bool,
                                              spec.value_text(spec.default_value() ? 0 : 1)}});
        else if (spec.type == OptionSpec::Type::Choice && raw.option_values[i])
            out.push_back(
                {&spec, OptionValue{spec.key, OptionValue::Type::String, *raw.option_values[i]}});
    }
    return out;
}

void check_given(const std::vector<GivenOption>& given, Job job) {
    for (const auto& g : given)
        if (g.spec->job != job)
            throw ConfigError(std::string(g.spec->flag) + " applies to the " +
                                  job_name(g.spec->job) + " job only",
                              std::string("add --job ") + job_name(g.spec->job) + ", or drop " +
                                  g.spec->flag);
    for (const auto& g : given) {
        if (!g.spec->modifies)
            continue;
        const OptionSpec* base = find_option(g.spec->modifies);
        const bool with_base = std::any_of(given.begin(), given.end(),
                                           [&](const GivenOption& o) { return o.spec == base; });
        if (base && !with_base)
            throw ConfigError(std::string(g.spec->flag) + " changes what " + base->flag + " does",
                              std::string("give ") + base->flag + " with " + g.spec->flag);
    }
    for (const auto& g : given) {
        if (g.spec->type != OptionSpec::Type::Choice || choice_value(*g.spec, g.value.text) >= 0)
            continue;
        std::string names;
        for (std::size_t i = 0; i < g.spec->value_count; ++i)
            names += (i ? ", " : "") + std::string(g.spec->values[i]);
        throw ConfigError(std::string(g.spec->flag) + " \"" + g.value.text + "\" is not valid",
                          "use one of " + names);
    }
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
    const std::vector<GivenOption> given = given_options(raw);
    check_given(given, c.job);
    std::vector<OptionValue> values;
    for (const auto& g : given)
        values.push_back(g.value);
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
                              {{"text", Format::Text},
                               {"json", Format::Json},
                               {"junit", Format::Junit},
                               {"github", Format::Github},
                               {"html", Format::Html}},
                              Format::Text);
    c.fix = raw.fix;
    if (c.fix && raw.format)
        throw ConfigError("--fix prints the fix script alone, so it takes no --format",
                          "drop --format, or drop --fix (the JSON has every row's fix)");
    return c;
}

} // namespace preflight::client
