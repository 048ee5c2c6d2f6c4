// --server-name, which libpq lacks: host=NAME makes libpq check the
// certificate (and send SNI) for NAME, hostaddr=<address> makes it connect
// where the configuration points. One host entry per address keeps libpq's
// own fallback from one address to the next.
#pragma once

#include "../config/params.hpp"
#include "../config/tls.hpp"

#include <functional>
#include <string>
#include <vector>

namespace preflight::client {

// Numeric addresses of a host name, in the resolver's order, no duplicates.
using Resolver = std::function<std::vector<std::string>(const std::string& host)>;

std::vector<std::string> resolve_addresses(const std::string& host); // getaddrinfo

// Throws ConnectError when the target resolves to nothing.
void apply_server_name(ConnParams& params, const ServerName& server_name,
                       const Resolver& resolve = resolve_addresses);

} // namespace preflight::client
