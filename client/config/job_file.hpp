// A job file (YAML): one or more sync jobs, each a source and one or more
// destinations, read and judged before any connection is made. Every error
// names the file, the line and the column, and what is valid there.
//
//   jobs:
//     - name: shop-sync
//       source:      { url_env: USER_DEFINED_SRC, role: sync_reader }
//       destinations:
//         - { url_env: USER_DEFINED_DST, role: sync_writer, options: { truncate: true } }
//       schemas: [sales, inventory]
#pragma once

#include "../common/redact.hpp"
#include "config.hpp"
#include "environment.hpp"
#include "raw_options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

// One end of a job as the file gives it.
struct EndpointSpec {
    std::string label; // "the source of job "x"", "destination 2 of job "x""
    std::string where; // "FILE, line L, column C": its block
    RawOptions raw;    // where to connect, the role, the job and the schemas
    std::vector<OptionValue> options;
    std::vector<std::string> option_places; // `where` of each of options
    std::optional<std::string> password_env;
};

struct JobSpec {
    std::string name;
    EndpointSpec source;
    std::vector<EndpointSpec> destinations;
};

// The file's jobs, in order. Throws ConfigError (exit status 3).
std::vector<JobSpec> read_job_file(const std::string& path);
// The same from text (tests); `path` names it in messages.
std::vector<JobSpec> parse_job_file(const std::string& text, const std::string& path);

// One end, validated as the command line would be (validate.cpp's rules),
// with its options parsed; messages name the file's keys and place.
Config endpoint_config(const EndpointSpec& end, const Environment& env, Secrets& secrets);

} // namespace preflight::client
