// libFuzzer target: a whole command line (one argument per line) through
// parse_command_line and validate(), as main runs them, with an empty
// environment and "stdin-Secret-42" on standard input.
//
// Promises checked: only ConfigError escapes; no error shows the value of
// --password (refused, never read), a password libpq reads from --url, or
// the line read by --password-stdin; errors are one printable line.
#include "invariants.hpp"

#include "config/cli.hpp"
#include "config/validate.hpp"

#include <algorithm>
#include <exception>

namespace pc = preflight::client;
namespace pf = preflight::fuzz;

namespace {

constexpr const char* kStdinPassword = "stdin-Secret-42";

// The values an error must never show: what follows --password and the
// passwords libpq finds in what follows --url.
std::vector<std::string> secret_values(const std::vector<std::string>& args) {
    std::vector<std::string> out{kStdinPassword};
    auto value_of = [&](std::size_t i, const std::string& option) -> std::optional<std::string> {
        if (args[i] == option)
            return i + 1 < args.size() ? std::optional<std::string>(args[i + 1]) : std::nullopt;
        if (args[i].rfind(option + "=", 0) == 0)
            return args[i].substr(option.size() + 1);
        return std::nullopt;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (auto v = value_of(i, "--password"))
            out.push_back(*v);
        if (auto v = value_of(i, "--url"))
            for (auto& p : pf::libpq_passwords(*v))
                out.push_back(p);
    }
    return out;
}

// How many arguments hold `value`.
long holding(const std::string& value, const std::vector<std::string>& args) {
    return std::count_if(args.begin(), args.end(),
                         [&](const std::string& a) { return a.find(value) != std::string::npos; });
}

// The stdin line is read only when no argument quotes it; a --password
// value counts if only its own argument holds it and it looks like no
// word of any message: letters, digits and '!' or '^'.
bool distinctive_value(const std::string& value, const std::vector<std::string>& args) {
    if (value == kStdinPassword)
        return holding(value, args) == 0;
    const auto has = [&](const char* set) { return value.find_first_of(set) != std::string::npos; };
    return value.size() >= 8 && has("0123456789") && has("!^") &&
           has("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") && holding(value, args) == 1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096)
        return 0;
    std::vector<std::string> args;
    for (auto& a : pf::fields(data, size, 32)) {
        if (!a)
            break;
        if (a->find('\0') != std::string::npos)
            return 0; // argv strings hold no NUL
        args.push_back(*a);
    }
    const std::vector<std::string> passwords = secret_values(args);
    // A --password value such as "connect" is a word of some message, and
    // one that is part of another argument may be quoted with it: only
    // distinctive values are looked for.
    std::vector<std::string> distinctive;
    for (const auto& p : passwords)
        if (distinctive_value(p, args))
            distinctive.push_back(p);

    pc::Secrets secrets;
    const pc::Environment env = pc::Environment::fixed({});
    try {
        const pc::CommandLine cl = pc::parse_command_line(args);
        if (cl.action != pc::CommandLine::Action::Run)
            return 0;
        const pc::ValidationContext context{
            env, [] { return std::optional<std::string>(kStdinPassword); }, secrets};
        (void)pc::validate(cl.options, context);
    } catch (const pc::ConfigError& e) {
        pf::check_error(e, secrets, distinctive);
    } catch (const std::exception& e) {
        pf::broken("the command line gives only ConfigError", e.what());
    }
    return 0;
}
