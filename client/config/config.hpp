// A validated configuration: everything the run needs, no network touched.
#pragma once

#include "../../core/options.hpp"
#include "params.hpp"
#include "source.hpp"
#include "tls.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

// junit, github and html speak of every target of a run at once
// (client/jobs, client/report/{junit,github,html}_report).
enum class Format { Text, Json, Junit, Github, Html };

struct ConnectionConfig {
    ConnParams params;                     // passed to PQconnectdbParams, nothing expanded
    std::optional<ServerName> server_name; // applied by the connection layer
    std::string origin;                    // how it was configured, for the report
};

struct CheckConfig {
    Job job = Job::Source;
    std::optional<std::string> role;
    std::optional<std::vector<std::string>> schemas; // nullopt: every non-system schema
    JobOptions options;
    Source source = Source::Auto;
    Format format = Format::Text;
    bool fix = false;
};

struct Config {
    ConnectionConfig connection;
    CheckConfig check;
    std::vector<std::string> warnings; // printed to stderr, the run goes on
};

} // namespace preflight::client
