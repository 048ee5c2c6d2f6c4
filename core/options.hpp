// The job and its options (JOBS.md), validated the same way on both paths.
#pragma once

#include <string>
#include <vector>

namespace preflight {

enum class Job { Source, Destination };
enum class OnConflict { None, Nothing, Update };

struct JobOptions {
    OnConflict on_conflict = OnConflict::None;
    bool update_foreign_keys = true;
    bool truncate = false;
    bool truncate_cascade = false;
    bool reset_sequences = true;
    bool create_schemas = false;
    bool init_tables = false;
};

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

const char* job_name(Job job);
const char* on_conflict_name(OnConflict action); // "none", "nothing", "update"

} // namespace preflight
