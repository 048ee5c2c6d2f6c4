#include "options.hpp"

#include "errors.hpp"

#include <functional>
#include <map>

namespace preflight {

namespace {

const char* type_name(OptionValue::Type t) {
    switch (t) {
    case OptionValue::Type::Null:
        return "null";
    case OptionValue::Type::Bool:
        return "boolean";
    case OptionValue::Type::String:
        return "string";
    case OptionValue::Type::Number:
        return "number";
    case OptionValue::Type::Object:
        return "object";
    case OptionValue::Type::Array:
        return "array";
    }
    return "unknown";
}

// "a string", "an object": the type with its article, for messages.
std::string a_type(OptionValue::Type t) {
    const std::string name = type_name(t);
    return (name[0] == 'a' || name[0] == 'o' ? "an " : "a ") + name;
}

// A value the caller passed, quoted for an error message: control
// characters become \xNN (they would reach terminals and the server log
// raw) and a long value is cut, on a UTF-8 character boundary.
std::string shown(const std::string& value) {
    constexpr std::size_t kMax = 64;
    std::size_t end = value.size();
    if (end > kMax) {
        end = kMax;
        while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80)
            --end;
    }
    std::string out = "\"";
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c < 0x20 || c == 0x7F) {
            static const char kHex[] = "0123456789ABCDEF";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += end < value.size() ? "\"... (" + std::to_string(value.size()) + " bytes)" : "\"";
    return out;
}

constexpr const char* kValidKeys = "on_conflict, update_foreign_keys, truncate, truncate_cascade, "
                                   "reset_sequences, create_schemas, init_tables";

bool as_bool(const OptionValue& v) {
    if (v.type != OptionValue::Type::Bool)
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"" + v.key + "\" must be a boolean, not " + a_type(v.type),
                        "Write \"" + v.key + "\": true or \"" + v.key + "\": false.");
    return v.text == "true";
}

OnConflict as_on_conflict(const OptionValue& v) {
    if (v.type == OptionValue::Type::String) {
        if (v.text == "none")
            return OnConflict::None;
        if (v.text == "nothing")
            return OnConflict::Nothing;
        if (v.text == "update")
            return OnConflict::Update;
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"on_conflict\" has an unknown value " + shown(v.text),
                        "Valid values are \"none\", \"nothing\" and \"update\".");
    }
    throw UserError(UserError::Kind::InvalidParameter,
                    std::string("option \"on_conflict\" must be a string, not ") + a_type(v.type),
                    "Valid values are \"none\", \"nothing\" and \"update\".");
}

} // namespace

const char* job_name(Job job) {
    return job == Job::Source ? "source" : "destination";
}

const char* on_conflict_name(OnConflict action) {
    switch (action) {
    case OnConflict::None:
        return "none";
    case OnConflict::Nothing:
        return "nothing";
    case OnConflict::Update:
        return "update";
    }
    return "none";
}

Job parse_job(const std::string& job) {
    if (job == "source")
        return Job::Source;
    if (job == "destination")
        return Job::Destination;
    throw UserError(UserError::Kind::InvalidParameter, "unknown job " + shown(job),
                    "Valid jobs are 'source' and 'destination'.");
}

JobOptions parse_options(Job job, const std::vector<OptionValue>& values) {
    JobOptions o;
    using Setter = std::function<void(const OptionValue&)>;
    const std::map<std::string, Setter> setters = {
        {"on_conflict", [&](const OptionValue& v) { o.on_conflict = as_on_conflict(v); }},
        {"update_foreign_keys", [&](const OptionValue& v) { o.update_foreign_keys = as_bool(v); }},
        {"truncate", [&](const OptionValue& v) { o.truncate = as_bool(v); }},
        {"truncate_cascade", [&](const OptionValue& v) { o.truncate_cascade = as_bool(v); }},
        {"reset_sequences", [&](const OptionValue& v) { o.reset_sequences = as_bool(v); }},
        {"create_schemas", [&](const OptionValue& v) { o.create_schemas = as_bool(v); }},
        {"init_tables", [&](const OptionValue& v) { o.init_tables = as_bool(v); }},
    };
    for (const auto& v : values) {
        auto it = setters.find(v.key);
        if (it == setters.end())
            throw UserError(UserError::Kind::InvalidParameter, "unknown option " + shown(v.key),
                            std::string("Valid options are ") + kValidKeys + ".");
        it->second(v);
    }
    if (job == Job::Source && !values.empty())
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"" + values.front().key + "\" applies to the destination job only",
                        "Pass options with job 'destination', or pass '{}' for 'source'.");
    return o;
}

} // namespace preflight
