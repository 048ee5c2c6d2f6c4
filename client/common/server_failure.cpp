#include "server_failure.hpp"

namespace preflight::client {

bool connection_lost(const std::string& m) {
    for (const char* needle : {"server closed the connection", "no connection to the server",
                               "connection to server was lost", "terminating connection",
                               "could not receive data from server", "SSL SYSCALL error"})
        if (m.find(needle) != std::string::npos)
            return true;
    return false;
}

std::string check_failure_hint(const std::string& m) {
    if (m.find("role") != std::string::npos && m.find("does not exist") != std::string::npos)
        return "check --role: it must name an existing role";
    if (m.find("not installed") != std::string::npos)
        return "install the extension, or use --source catalog";
    if (m.find("permission denied") != std::string::npos)
        return "connect as a role that may read the catalogs and call pg_preflight's functions";
    if (m.find("canceling statement due to statement timeout") != std::string::npos)
        return "the server's statement_timeout stopped the check: raise it for this role";
    if (m.find("terminating connection due to administrator command") != std::string::npos)
        return "the server ended the session (pg_terminate_backend, or a shutdown): check the "
               "server's log and that it is up, then try again";
    if (m.find("shutdown command") != std::string::npos ||
        m.find("shutting down") != std::string::npos ||
        m.find("crash of another") != std::string::npos)
        return "the server shut down or restarted: check the server's log, wait until it is up, "
               "then try again";
    if (connection_lost(m))
        return "the connection broke: check the server's log and the network, then try again";
    return "see the server's message; --source catalog checks without the extension";
}

} // namespace preflight::client
