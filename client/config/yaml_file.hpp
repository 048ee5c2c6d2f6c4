// What the job file and Neosync's sync file share: reading the file, YAML
// errors at their line and column, and keys shown only when plain names.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace preflight::client {

// "FILE, line L, column C", counting from 1.
std::string yaml_place(const std::string& path, const YAML::Mark& mark);

// The file's text; ConfigError "<kind> FILE cannot be read".
std::string read_text_file(const std::string& path, const std::string& kind);

// The parsed text; ConfigError "<kind> FILE, line L, column C: ..." on bad YAML.
YAML::Node load_yaml(const std::string& text, const std::string& path, const std::string& kind,
                     const std::string& hint);

// ConfigError "<kind> FILE, line L, column C: what" at `at`.
[[noreturn]] void yaml_refuse(const std::string& kind, const std::string& path,
                              const YAML::Node& at, const std::string& what,
                              const std::string& hint);

// A key as an error shows it: quoted when a plain name, else not repeated
// (a line that lost its colon may hold a URL and its password).
std::string shown_key(const std::string& key);

} // namespace preflight::client
