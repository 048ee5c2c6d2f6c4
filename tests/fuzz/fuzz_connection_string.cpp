// libFuzzer target: a --url value (postgres:// URI or key=value string)
// through parse_connection_string, as main gets it.
//
// Promises checked: only ConfigError escapes; every password libpq reads
// from the text is a known secret before anything can fail, so no error
// shows it; redact() hides it even before it is known; errors are one
// printable line; and what parses as a URI
// survives the trip back through build_uri unchanged (the connection doc's
// discrete-parameters rule).
#include "invariants.hpp"

#include "config/conninfo.hpp"
#include "config/params.hpp"
#include "config/uri.hpp"

#include <algorithm>
#include <cctype>
#include <exception>

namespace pc = preflight::client;
namespace pf = preflight::fuzz;

namespace {

std::string show(const pc::ConnParams& params) {
    std::string out;
    for (const auto& [k, v] : params.pairs())
        out += k + "=[" + v + "] ";
    return out;
}

// host, port, dbname, user and password as --host ... --password-stdin
// would give them: validate refuses empty values, and one port serves
// every host in build_uri.
std::optional<pc::DiscreteParts> discrete(const pc::ConnParams& params) {
    pc::DiscreteParts parts;
    parts.host = params.get("host");
    parts.port = params.get("port");
    parts.dbname = params.get("dbname");
    parts.user = params.get("user");
    parts.password = params.get("password");
    for (const auto* v : {&parts.host, &parts.port, &parts.dbname, &parts.user, &parts.password})
        if (*v && (*v)->empty())
            return std::nullopt;
    parts.port = pf::port_meaning(parts.port);
    if (parts.port && parts.port->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return parts;
}

void check_round_trip(const pc::ConnParams& params) {
    auto parts = discrete(params);
    if (!parts)
        return;
    const std::string uri = pc::build_uri(*parts);
    pc::Secrets secrets;
    pc::ConnParams back;
    try {
        back = pc::parse_connection_string(uri, "the built URI", secrets);
    } catch (const pc::ConfigError& e) {
        pf::broken("a URI built from parameters parses", uri + " -> " + e.what());
    }
    pf::require(pf::port_meaning(back.get("port")) == pf::port_meaning(params.get("port")),
                "build_uri round trip keeps the port",
                show(params) + " -> " + uri + " -> " + show(back));
    for (const char* key : {"host", "dbname", "user", "password"})
        pf::require(back.get(key) == params.get(key), "build_uri round trip keeps every parameter",
                    std::string(key) + ": " + show(params) + " -> " + uri + " -> " + show(back));
}

bool has_space(const std::string& text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

// Whether the text's one literal occurrence of the password stands where a
// password is written (after "user:" or "password=", maybe quoted). A
// percent-encoded password ("%40" for "@") is not there literally, and its
// decoded form may then be a delimiter of the text itself.
bool literal_password(const std::string& text, const std::string& password) {
    const auto at = text.find(password);
    if (at == std::string::npos)
        return false;
    std::size_t i = at;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\''))
        --i;
    return i > 0 && (text[i - 1] == ':' || text[i - 1] == '=');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (text.find('\0') != std::string::npos)
        return 0; // a command-line argument holds no NUL
    // What libpq would read as a password, with the sslMode spelling fixed
    // as the client does before handing the text over.
    std::vector<std::string> passwords = pf::libpq_passwords(text);
    if (pc::is_uri(text))
        for (auto& p : pf::libpq_passwords(pc::normalise_sslmode_key(text)))
            passwords.push_back(p);

    pf::require(pc::percent_decode(pc::percent_encode(text)) == text,
                "percent_decode undoes percent_encode", text);

    pc::Secrets secrets;
    try {
        const pc::ConnParams params = pc::parse_connection_string(text, "--url", secrets);
        for (const auto& [k, v] : params.pairs())
            if (k.find("password") != std::string::npos)
                pf::require(pf::known(secrets, v), "a parsed password is a known secret", k);
        if (pc::is_uri(text))
            check_round_trip(params);
    } catch (const pc::ConfigError& e) {
        pf::check_error(e, secrets, passwords);
    } catch (const std::exception& e) {
        pf::broken("parse_connection_string throws only ConfigError", e.what());
    }
    for (const auto& p : passwords) {
        pf::require(pf::known(secrets, p), "every password libpq reads is a known secret", p);
        // redact() alone, before any secret is known, hides a password it
        // can see as such (user info, password=); one the text holds once,
        // so that the user name or host is not it as well.
        // (A URI's user info ends before white space, by redact's design:
        // in a message, the next '@' may belong to other text.)
        if (pf::searchable(p) && occurrences(text, p) == 1 && literal_password(text, p) &&
            !(pc::is_uri(text) && has_space(text)))
            pf::require(pc::redact(text).find(p) == std::string::npos,
                        "redact hides the password of a connection string", pc::redact(text));
    }
    return 0;
}
