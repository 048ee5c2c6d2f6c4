#include "options.hpp"

#include "errors.hpp"

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

// "on_conflict, update_foreign_keys, ...": every key, for the unknown-key hint.
std::string valid_keys() {
    std::string out;
    for (const auto& spec : kOptionTable)
        out += (out.empty() ? "" : ", ") + std::string(spec.key);
    return out;
}

// "\"none\", \"nothing\" and \"update\"".
std::string quoted_values(const OptionSpec& spec) {
    std::string out;
    for (std::size_t i = 0; i < spec.value_count; ++i)
        out += std::string(i == 0                      ? ""
                           : i + 1 == spec.value_count ? " and "
                                                       : ", ") +
               "\"" + spec.values[i] + "\"";
    return out;
}

int boolean_value(const OptionValue& v) {
    if (v.type != OptionValue::Type::Bool)
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"" + v.key + "\" must be a boolean, not " + a_type(v.type),
                        "Write \"" + v.key + "\": true or \"" + v.key + "\": false.");
    return v.text == "true" ? 1 : 0;
}

int choice_of(const OptionSpec& spec, const OptionValue& v) {
    const std::string hint = "Valid values are " + quoted_values(spec) + ".";
    if (v.type != OptionValue::Type::String)
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"" + v.key + "\" must be a string, not " + a_type(v.type), hint);
    const int value = choice_value(spec, v.text);
    if (value < 0)
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"" + v.key + "\" has an unknown value " + shown(v.text), hint);
    return value;
}

} // namespace

const char* job_name(Job job) {
    return job == Job::Source ? "source" : "destination";
}

std::string OptionSpec::value_text(int value) const {
    if (type == Type::Boolean)
        return value ? "true" : "false";
    return values[value];
}

std::string OptionSpec::value_json(int value) const {
    // Value names are plain ASCII words: nothing to escape.
    return type == Type::Boolean ? value_text(value) : "\"" + value_text(value) + "\"";
}

std::string OptionSpec::values_json() const {
    if (type == Type::Boolean)
        return "[true, false]";
    std::string out = "[";
    for (std::size_t i = 0; i < value_count; ++i)
        out += (i ? ", " : "") + value_json(static_cast<int>(i));
    return out + "]";
}

std::string OptionSpec::values_help() const {
    std::string out;
    for (std::size_t i = 0; i < value_count; ++i) {
        out += i == 0 ? "" : i + 1 == value_count ? " or " : ", ";
        out += values[i];
        if (static_cast<int>(i) == default_value())
            out += " (default)";
    }
    return out;
}

const OptionSpec* find_option(const std::string& key) {
    for (const auto& spec : kOptionTable)
        if (key == spec.key)
            return &spec;
    return nullptr;
}

int choice_value(const OptionSpec& spec, const std::string& text) {
    for (std::size_t i = 0; i < spec.value_count; ++i)
        if (text == spec.values[i])
            return static_cast<int>(i);
    return -1;
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
    // Every key and value is judged first; then whether the job takes it.
    const OptionValue* other_job = nullptr;
    const OptionSpec* other_spec = nullptr;
    for (const auto& v : values) {
        const OptionSpec* spec = find_option(v.key);
        if (!spec)
            throw UserError(UserError::Kind::InvalidParameter, "unknown option " + shown(v.key),
                            "Valid options are " + valid_keys() + ".");
        spec->set(o,
                  spec->type == OptionSpec::Type::Boolean ? boolean_value(v) : choice_of(*spec, v));
        if (spec->job != job && !other_job) {
            other_job = &v;
            other_spec = spec;
        }
    }
    if (other_job)
        throw UserError(UserError::Kind::InvalidParameter,
                        "option \"" + other_job->key + "\" applies to the " +
                            job_name(other_spec->job) + " job only",
                        std::string("Pass options with job '") + job_name(other_spec->job) +
                            "', or pass '{}' for '" + job_name(job) + "'.");
    return o;
}

} // namespace preflight
