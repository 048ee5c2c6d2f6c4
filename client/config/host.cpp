#include "host.hpp"

#include <arpa/inet.h>

namespace preflight::client {

bool is_ip_address(const std::string& host) {
    std::string h = host;
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']')
        h = h.substr(1, h.size() - 2);
    // A zone ("%eth0") is not part of what inet_pton reads.
    if (auto pct = h.find('%'); pct != std::string::npos && h.find(':') != std::string::npos)
        h.resize(pct);
    unsigned char buf[16];
    return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

HostKind host_kind(const std::string& host) {
    if (host.empty() || host.front() == '/' || host.front() == '@')
        return HostKind::Socket;
    return is_ip_address(host) ? HostKind::Address : HostKind::Name;
}

} // namespace preflight::client
