// Connection facts of a verified TLS session, for the report tests.
#pragma once

#include "connection/facts.hpp"

namespace testing_client {

inline preflight::client::ConnectionFacts verified_tls_facts() {
    preflight::client::ConnectionFacts f;
    f.host = "db.example.com";
    f.hostaddr = "10.0.0.5";
    f.port = "5432";
    f.database = "shop";
    f.user = "sync";
    f.session_user = "sync";
    f.server_version = "15.4";
    f.protocol_version = 3;
    f.tls.in_use = true;
    f.tls.sslmode = "verify-full";
    f.tls.protocol = "TLSv1.3";
    f.tls.cipher = "TLS_AES_256_GCM_SHA384";
    f.tls.key_bits = "256";
    f.tls.library = "OpenSSL";
    f.tls.certificate_verified = true;
    f.tls.verified_name = "db.example.com";
    f.tls.subject = "CN=db.example.com";
    f.tls.issuer = "CN=Example CA";
    return f;
}

} // namespace testing_client
