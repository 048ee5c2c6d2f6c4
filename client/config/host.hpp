// What kind of place a libpq host entry names: a socket directory, an IP
// address, or a name a certificate can be checked against.
#pragma once

#include <string>

namespace preflight::client {

enum class HostKind { Socket, Address, Name };

// "" (the default socket directory), "/dir" and "@abstract" are sockets;
// "10.0.0.5", "::1", "[::1]" and "fe80::1%eth0" are addresses.
HostKind host_kind(const std::string& host);

bool is_ip_address(const std::string& host);

} // namespace preflight::client
