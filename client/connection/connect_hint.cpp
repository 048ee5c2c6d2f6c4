#include "connect_hint.hpp"

#include <utility>

namespace preflight::client {

std::string connect_hint(const std::string& m) {
    // First match wins: the more specific causes come first.
    static const std::pair<const char*, const char*> hints[] = {
        {"password authentication failed",
         "check the user and password (--password-stdin, PGPASSWORD or ~/.pgpass)"},
        {"no password supplied",
         "the server asks for a password: give it with --password-stdin, PGPASSWORD or "
         "~/.pgpass"},
        {"does not match host name",
         "the certificate names another host: pass --server-name with the name it was issued "
         "for"},
        {"certificate verify failed",
         "the server's certificate did not verify: check --root-cert (the CA that signed it)"},
        {"root certificate file",
         "verify-ca and verify-full need the CA certificate: pass --root-cert FILE"},
        {"server does not support SSL",
         "the server has TLS off: enable ssl on the server, or lower --sslmode"},
        // Before pg_hba.conf: allow and prefer report their second attempt
        // too, which pg_hba.conf refuses only because it lacks TLS.
        {"requires a valid client certificate",
         "the server requires a client certificate: pass --client-cert and --client-key, "
         "issued to the user by a CA the server trusts"},
        {"certificate authentication failed",
         "the client certificate's name (CN) is not the user's: use a certificate issued to "
         "this user, or connect as the user it names"},
        {"certificate validation (clientcert=verify-full) failed",
         "the client certificate's name (CN) is not the user's: use a certificate issued to "
         "this user, or connect as the user it names"},
        {"alert unknown ca",
         "the server did not accept the client certificate: it was not issued by a CA the "
         "server trusts (its ssl_ca_file); pass one that is with --client-cert and --client-key"},
        {"pg_hba.conf rejects",
         "the server's pg_hba.conf rejects this user, database, address and TLS combination: "
         "ask its administrator, or try another --sslmode"},
        {"no pg_hba.conf entry",
         "the server's pg_hba.conf does not admit this user, database, address and TLS "
         "combination: ask its administrator, or try another --sslmode"},
        {"does not exist", "check the database and user names"},
        {"timeout expired", "check the host, port and firewall, or raise --connect-timeout"},
        {"Connection refused", "check the host and port, and that the server accepts TCP/IP"},
        {"No such file or directory",
         "no server listens on that Unix socket: check --host and --port (or PGHOST, PGPORT)"},
        {"could not translate host name", "check the host name"},
        {"Name or service not known", "check the host name"},
        {"too many connections", "the server is full: try again later"},
        {"the database system is starting up", "the server is starting: try again shortly"},
    };
    for (const auto& [needle, hint] : hints)
        if (m.find(needle) != std::string::npos)
            return hint;
    return "check the connection settings (see pg_preflight --help)";
}

} // namespace preflight::client
