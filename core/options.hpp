// The job and its options (JOBS.md): one table says, for every option, its
// JSON key, its type and values, its default, the job that takes it, the
// client's flag and help text, and the field it sets. The option parser
// and its messages, the client's flags and --help, the JSON report's
// options block and the README's option table are all made from it.
//
// Adding an option: a field of JobOptions with its default, a line of
// kOptionTable (and a value-name array for a choice), and the rule that
// reads it.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

namespace preflight {

enum class Job { Source, Destination };
enum class OnConflict { None, Nothing, Update }; // in the order of kOnConflictNames
enum class ColumnDefaults { Copy, Generate };    // in the order of kColumnDefaultsNames

// Each field at its default: the table below reads its defaults from here.
struct JobOptions {
    bool read_sequences = false;
    ColumnDefaults column_defaults = ColumnDefaults::Copy;
    OnConflict on_conflict = OnConflict::None;
    bool update_foreign_keys = true;
    bool truncate = false;
    bool truncate_cascade = false;
    bool reset_sequences = true;
    bool create_schemas = false;
    bool init_tables = false;
};

// One option of the table. A boolean's value is 0 or 1; a choice's is the
// index of its name in `values` (its enum, in the same order). An option
// whose value is 0 is off: the step it enables does not run.
struct OptionSpec {
    enum class Type { Boolean, Choice };
    const char* key; // the JSON key of the options object
    Type type;
    const char* const* values; // a choice's names; nullptr for a boolean
    std::size_t value_count;
    Job job;              // the job that takes it
    const char* flag;     // the client's flag: a boolean's sets the value other than the default
    const char* value_of; // a choice flag's value name in --help ("ACTION")
    const char* help;     // for --help and the README
    const char* modifies; // the key of a boolean this one changes (the client refuses it alone)
    int (*get)(const JobOptions&);
    void (*set)(JobOptions&, int);

    int default_value() const { return get(JobOptions{}); }
    // "true", "update": a value as the JSON options object writes it.
    std::string value_text(int value) const;
    // What --help says of its values: "none (default), nothing or update".
    std::string values_help() const;
};

namespace option_field {
template <auto Field> int get(const JobOptions& o) {
    return static_cast<int>(o.*Field);
}
template <auto Field> void set(JobOptions& o, int v) {
    using T = std::remove_reference_t<decltype(o.*Field)>;
    o.*Field = static_cast<T>(v);
}
} // namespace option_field

inline constexpr const char* kOnConflictNames[] = {"none", "nothing", "update"};
inline constexpr const char* kColumnDefaultsNames[] = {"copy", "generate"};

template <auto Field>
constexpr OptionSpec boolean_option(const char* key, Job job, const char* flag, const char* help,
                                    const char* modifies = nullptr) {
    return {key,
            OptionSpec::Type::Boolean,
            nullptr,
            0,
            job,
            flag,
            nullptr,
            help,
            modifies,
            &option_field::get<Field>,
            &option_field::set<Field>};
}

template <auto Field, std::size_t N>
constexpr OptionSpec choice_option(const char* key, const char* const (&values)[N], Job job,
                                   const char* flag, const char* value_of, const char* help) {
    return {key,
            OptionSpec::Type::Choice,
            values,
            N,
            job,
            flag,
            value_of,
            help,
            nullptr,
            &option_field::get<Field>,
            &option_field::set<Field>};
}

// In the order the options object, --help and the JSON report list them.
inline constexpr OptionSpec kOptionTable[] = {
    boolean_option<&JobOptions::read_sequences>(
        "read_sequences", Job::Source, "--read-sequences",
        "the job also reads each sequence's state (pg_dump does; Neosync does not)"),
    choice_option<&JobOptions::column_defaults>(
        "column_defaults", kColumnDefaultsNames, Job::Destination, "--column-defaults", "MODE",
        "copy: every column gets a value; generate: columns with a default, identity and "
        "generated columns are sent as DEFAULT"),
    choice_option<&JobOptions::on_conflict>(
        "on_conflict", kOnConflictNames, Job::Destination, "--on-conflict", "ACTION",
        "the job upserts: INSERT ... ON CONFLICT DO NOTHING, or DO UPDATE on the primary key"),
    boolean_option<&JobOptions::update_foreign_keys>(
        "update_foreign_keys", Job::Destination, "--no-update-foreign-keys",
        "the job does not fix up circular foreign keys"),
    boolean_option<&JobOptions::truncate>(
        "truncate", Job::Destination, "--truncate",
        "the job truncates its tables first (one TRUNCATE) and restarts their sequences"),
    boolean_option<&JobOptions::truncate_cascade>(
        "truncate_cascade", Job::Destination, "--truncate-cascade",
        "... one table at a time, with CASCADE", "truncate"),
    boolean_option<&JobOptions::reset_sequences>("reset_sequences", Job::Destination,
                                                 "--no-reset-sequences",
                                                 "the job does not setval sequences after loading"),
    boolean_option<&JobOptions::create_schemas>("create_schemas", Job::Destination,
                                                "--create-schemas",
                                                "the job runs CREATE SCHEMA IF NOT EXISTS"),
    boolean_option<&JobOptions::init_tables>(
        "init_tables", Job::Destination, "--init-tables",
        "the job creates what is missing (CREATE TABLE IF NOT EXISTS, ...)"),
};

// The spec of a JSON key; nullptr when there is none.
const OptionSpec* find_option(const std::string& key);

// One top-level key of the options object, as the JSON parser saw it.
struct OptionValue {
    enum class Type { Null, Bool, String, Number, Object, Array };
    std::string key;
    Type type = Type::Null;
    std::string text; // the string's text; "true"/"false" for booleans
};

// Throws UserError naming the bad value and the valid ones.
Job parse_job(const std::string& job);
JobOptions parse_options(Job job, const std::vector<OptionValue>& values);
// The value `text` names for a choice option; -1 when it names none.
int choice_value(const OptionSpec& spec, const std::string& text);

const char* job_name(Job job);

} // namespace preflight
