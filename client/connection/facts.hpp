// The facts of an open session, as libpq and OpenSSL report them: what the
// connection is, not what was asked for.
#pragma once

#include "connection.hpp"

#include <optional>
#include <string>

namespace preflight::client {

struct TlsFacts {
    bool in_use = false; // PQsslInUse
    std::string sslmode; // the effective sslmode (PQconninfo)
    std::optional<std::string> protocol, cipher, key_bits, library; // PQsslAttribute
    bool certificate_verified = false;        // libpq asked OpenSSL to verify, and it did
    std::optional<std::string> verified_name; // the host name checked (verify-full)
    std::optional<std::string> subject;       // the server's certificate
    std::optional<std::string> issuer;
};

struct ConnectionFacts {
    std::string host;     // PQhost: the name (or socket directory) used
    std::string hostaddr; // PQhostaddr: the address connected to, when TCP
    std::string port;
    std::string database;
    std::string user;         // PQuser
    std::string session_user; // SELECT session_user
    std::string server_version;
    int protocol_version = 0;
    bool in_recovery = false; // a hot standby: read-only, replaying the primary's WAL
    TlsFacts tls;
};

// What verification libpq performed, from what it asked of OpenSSL.
// `peer_verify` is SSL_VERIFY_PEER in the session's verify mode (set for
// verify-ca, verify-full, and require with a root certificate present);
// `verify_ok` is OpenSSL's verify result; `host` is PQhost.
struct Verification {
    bool certificate_verified = false;
    std::optional<std::string> verified_name;
};
Verification verification(bool in_use, bool peer_verify, bool verify_ok, const std::string& sslmode,
                          const std::string& host);

// Throws ServerError when the session query fails.
ConnectionFacts read_facts(Connection& conn);

} // namespace preflight::client
