// The command line as typed, before any rule is applied (cli.cpp fills it,
// validate.cpp judges it). nullopt: the option was not given.
#pragma once

#include "../../core/options.hpp"

#include <array>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

struct RawOptions {
    // Where to connect: one of three ways, or none (libpq's environment).
    std::optional<std::string> url;
    std::optional<std::string> url_env;
    std::optional<std::string> host;
    std::optional<std::string> port;
    std::optional<std::string> dbname;
    std::optional<std::string> username;
    bool password_stdin = false;
    bool password_given = false; // --password VALUE: refused, never read

    // TLS.
    std::optional<std::string> sslmode;
    std::optional<std::string> root_cert;
    std::optional<std::string> client_cert;
    std::optional<std::string> client_key;
    std::optional<std::string> server_name;
    std::optional<std::string> connect_timeout;

    // What to check: the job and its options, or job files and folders of
    // them (with them, --job names one of their jobs; --jobs how many
    // connections are checked at once).
    std::vector<std::string> job_files;
    std::optional<std::string> jobs;
    std::optional<std::string> neosync_config; // Neosync's sync file: its destination
    std::optional<std::string> job;
    std::vector<std::string> schemas;
    std::optional<std::string> role;
    // The job's options (core/options.hpp's kOptionTable), by table index:
    // a boolean's flag given, or a choice's value as typed.
    static constexpr std::size_t kJobOptions = std::size(kOptionTable);
    std::array<bool, kJobOptions> option_flags{};
    std::array<std::optional<std::string>, kJobOptions> option_values{};

    // How to answer.
    std::optional<std::string> format;
    bool fix = false;
    std::optional<std::string> fix_dir; // job files: a fix script per connection, in files
    std::optional<std::string> source;

    // Arguments nobody asked for, as typed (shown only as option names).
    std::vector<std::string> unexpected;
};

} // namespace preflight::client
