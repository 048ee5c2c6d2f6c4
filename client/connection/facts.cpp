#include "facts.hpp"

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace preflight::client {

namespace {

std::optional<std::string> attribute(PGconn* conn, const char* name) {
    const char* v = PQsslAttribute(conn, name);
    if (!v)
        return std::nullopt;
    return std::string(v);
}

// The effective value of a connection option, after defaults and environment.
std::string conninfo_value(PGconn* conn, const std::string& keyword) {
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfo(conn),
                                                                         &PQconninfoFree);
    if (!options)
        return {};
    for (PQconninfoOption* o = options.get(); o->keyword; ++o)
        if (keyword == o->keyword && o->val)
            return o->val;
    return {};
}

std::string name_text(const X509_NAME* name) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0)
        return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

void read_tls(PGconn* conn, TlsFacts& tls) {
    tls.in_use = PQsslInUse(conn) != 0;
    tls.sslmode = conninfo_value(conn, "sslmode");
    if (!tls.in_use)
        return;
    tls.protocol = attribute(conn, "protocol");
    tls.cipher = attribute(conn, "cipher");
    tls.key_bits = attribute(conn, "key_bits");
    tls.library = attribute(conn, "library");
    auto* ssl = static_cast<SSL*>(PQsslStruct(conn, "OpenSSL"));
    if (!ssl)
        return;
    const bool peer_verify = (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) != 0;
    const bool verify_ok = SSL_get_verify_result(ssl) == X509_V_OK;
    const char* host = PQhost(conn);
    const Verification v =
        verification(true, peer_verify, verify_ok, tls.sslmode, host ? host : "");
    tls.certificate_verified = v.certificate_verified;
    tls.verified_name = v.verified_name;
    // Borrowed, not owned: SSL_get0_peer_certificate does not add a reference.
    if (X509* cert = SSL_get0_peer_certificate(ssl)) {
        tls.subject = name_text(X509_get_subject_name(cert));
        tls.issuer = name_text(X509_get_issuer_name(cert));
    }
}

std::string text_or_empty(const char* s) {
    return s ? s : "";
}

} // namespace

Verification verification(bool in_use, bool peer_verify, bool verify_ok, const std::string& sslmode,
                          const std::string& host) {
    Verification v;
    v.certificate_verified = in_use && peer_verify && verify_ok;
    // libpq checks the name itself, for verify-full only, against PQhost.
    if (v.certificate_verified && sslmode == "verify-full" && !host.empty())
        v.verified_name = host;
    return v;
}

ConnectionFacts read_facts(Connection& conn) {
    PGconn* c = conn.get();
    ConnectionFacts f;
    f.host = text_or_empty(PQhost(c));
    f.hostaddr = text_or_empty(PQhostaddr(c));
    f.port = text_or_empty(PQport(c));
    f.database = text_or_empty(PQdb(c));
    f.user = text_or_empty(PQuser(c));
    f.server_version = text_or_empty(PQparameterStatus(c, "server_version"));
    f.protocol_version = PQprotocolVersion(c);
    read_tls(c, f.tls);
    Result r = conn.exec("SELECT session_user, pg_catalog.pg_is_in_recovery()");
    f.session_user = r.rows() == 1 ? r.text(0, 0) : f.user;
    f.in_recovery = r.rows() == 1 && r.text(0, 1) == "t";
    return f;
}

} // namespace preflight::client
