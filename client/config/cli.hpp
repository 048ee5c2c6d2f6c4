// The command line (CLI11) -> RawOptions. No rule is applied here beyond
// what the parser knows; validate.cpp judges the values.
#pragma once

#include "raw_options.hpp"

#include <string>
#include <vector>

namespace preflight::client {

struct CommandLine {
    enum class Action { Run, Help, Version };
    Action action = Action::Run;
    RawOptions options;
    std::string text; // the help or version text
};

// `args` without the program name. Throws ConfigError for what the parser
// rejects (an option without its value, an option given twice), with no
// value in the message.
CommandLine parse_command_line(const std::vector<std::string>& args);

} // namespace preflight::client
