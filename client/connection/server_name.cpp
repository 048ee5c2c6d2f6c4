#include "server_name.hpp"

#include "../common/errors.hpp"
#include "../config/host.hpp"

#include <algorithm>
#include <netdb.h>
#include <sys/socket.h>

namespace preflight::client {

std::vector<std::string> resolve_addresses(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0)
        return {};
    std::vector<std::string> out;
    for (addrinfo* a = found; a; a = a->ai_next) {
        char text[NI_MAXHOST];
        if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) ==
                0 &&
            std::find(out.begin(), out.end(), text) == out.end())
            out.emplace_back(text);
    }
    freeaddrinfo(found);
    return out;
}

void apply_server_name(ConnParams& params, const ServerName& sn, const Resolver& resolve) {
    std::vector<std::string> addresses;
    std::string target = sn.target;
    if (target.size() >= 2 && target.front() == '[' && target.back() == ']')
        target = target.substr(1, target.size() - 2);
    if (is_ip_address(target))
        addresses.push_back(target);
    else
        addresses = resolve(target);
    if (addresses.empty())
        throw ConnectError("could not resolve host \"" + target + "\" (for --server-name " +
                               sn.name + ")",
                           "check the host name");
    std::string hosts;
    std::string hostaddrs;
    for (const auto& a : addresses) {
        hosts += (hosts.empty() ? "" : ",") + sn.name;
        hostaddrs += (hostaddrs.empty() ? "" : ",") + a;
    }
    params.set("host", hosts);
    params.set("hostaddr", hostaddrs);
}

} // namespace preflight::client
