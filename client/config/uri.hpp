// Discrete parameters -> a postgresql:// URI, as the connection doc asks.
// Every part a person types is percent-encoded, so any character in a
// password (or user, host, database) survives libpq's URI parser exactly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preflight::client {

struct DiscreteParts {
    std::optional<std::string> host; // a name, an address, a socket directory, or a list "a,b"
    std::optional<std::string> port; // already validated digits
    std::optional<std::string> dbname;
    std::optional<std::string> user;
    std::optional<std::string> password;
};

// Everything but RFC 3986's unreserved characters becomes %XX.
std::string percent_encode(std::string_view text);
std::string percent_decode(std::string_view text); // a bad %XX is kept as is

// One host entry as it goes into a URI: IPv6 addresses bracketed.
std::string uri_host(const std::string& host);

std::string build_uri(const DiscreteParts& parts);

} // namespace preflight::client
