// --password-stdin: one line from standard input. At a terminal the line is
// read with echo off, after a prompt on stderr, like psql's.
#pragma once

#include <optional>
#include <string>

namespace preflight::client {

std::optional<std::string> read_password_from_stdin();

} // namespace preflight::client
