#include "conninfo.hpp"

#include "../common/errors.hpp"
#include "uri.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace preflight::client {

namespace {

constexpr const char* kEncodeHint =
    "percent-encode special characters in the user name and password (@ as %40, / as %2F, "
    ": as %3A, % as %25), or give the password with --password-stdin";

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::size_t scheme_end(const std::string& text) {
    return text.find("://");
}

// The URI's scheme, if the text before "://" looks like one.
std::optional<std::string> scheme_of(const std::string& text) {
    const std::size_t end = scheme_end(text);
    if (end == std::string::npos || end == 0)
        return std::nullopt;
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.'))
            return std::nullopt;
    }
    return text.substr(0, end);
}

// Every way the URI's password could be read, raw and decoded: by libpq's
// rule (user info ends at the first '@' before any '/'), by the last '@'
// (a raw '@' in the password), and the query's password= values.
void collect_uri_secrets(const std::string& uri, Secrets& secrets) {
    const std::size_t start = scheme_end(uri) + 3;
    auto add_password_of = [&](const std::string& userinfo) {
        const std::size_t colon = userinfo.find(':');
        if (colon == std::string::npos)
            return;
        const std::string raw = userinfo.substr(colon + 1);
        secrets.add(raw);
        secrets.add(percent_decode(raw));
    };
    std::size_t stop = uri.find_first_of("@/", start);
    if (stop != std::string::npos && uri[stop] == '@')
        add_password_of(uri.substr(start, stop - start));
    const std::size_t last_at = uri.rfind('@');
    if (last_at != std::string::npos && last_at > start)
        add_password_of(uri.substr(start, last_at - start));
    const std::size_t q = uri.find('?', start);
    if (q == std::string::npos)
        return;
    std::size_t i = q + 1;
    while (i <= uri.size()) {
        std::size_t amp = uri.find('&', i);
        if (amp == std::string::npos)
            amp = uri.size();
        const std::string pair = uri.substr(i, amp - i);
        const std::size_t eq = pair.find('=');
        if (eq != std::string::npos &&
            lower(pair.substr(0, eq)).find("password") != std::string::npos) {
            secrets.add(pair.substr(eq + 1));
            secrets.add(percent_decode(pair.substr(eq + 1)));
        }
        i = amp + 1;
    }
}

// libpq reads "u:p/w@h" as host "u", port "p": the password would become
// the host, the port or the database. Refuse before libpq sees it.
void refuse_unencoded_userinfo(const std::string& uri, const std::string& what) {
    const std::size_t start = scheme_end(uri) + 3;
    const std::string head = uri.substr(start, uri.find('?', start) - start);
    const auto ats = std::count(head.begin(), head.end(), '@');
    if (ats > 1)
        throw ConfigError(what + " has more than one \"@\" before its query: the user name or "
                                 "password holds an unencoded \"@\"",
                          kEncodeHint);
    if (ats == 1 && head.substr(0, head.find('@')).find('/') != std::string::npos)
        throw ConfigError(what + ": the user name or password holds an unencoded \"/\", so "
                                 "libpq would read part of it as the host",
                          kEncodeHint);
}

} // namespace

bool is_uri(const std::string& text) {
    return text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0;
}

std::string normalise_sslmode_key(const std::string& uri) {
    const std::size_t q = uri.find('?');
    if (q == std::string::npos)
        return uri;
    std::string out = uri.substr(0, q + 1);
    std::size_t i = q + 1;
    for (;;) {
        std::size_t amp = uri.find('&', i);
        std::string pair = uri.substr(i, amp == std::string::npos ? std::string::npos : amp - i);
        const std::size_t eq = pair.find('=');
        if (lower(pair.substr(0, eq)) == "sslmode")
            pair = "sslmode" + (eq == std::string::npos ? "" : pair.substr(eq));
        out += pair;
        if (amp == std::string::npos)
            return out;
        out += '&';
        i = amp + 1;
    }
}

ConnParams parse_connection_string(const std::string& input, const std::string& what,
                                   Secrets& secrets) {
    if (input.empty())
        throw ConfigError(what + " is empty",
                          "give a URL such as postgresql://user@host:5432/dbname");
    std::string text = input;
    const auto scheme = scheme_of(text);
    if (scheme && !is_uri(text)) {
        collect_uri_secrets(text, secrets);
        const std::string s = lower(*scheme);
        if (s == "postgres" || s == "postgresql")
            throw ConfigError(what + ": write the scheme in lower case, " + s + "://",
                              "libpq reads only postgresql:// and postgres://");
        throw ConfigError(what + ": the scheme \"" + redact(*scheme, secrets) +
                              "\" is not PostgreSQL's",
                          "use postgresql:// or postgres://");
    }
    const bool uri = is_uri(text);
    if (uri) {
        collect_uri_secrets(text, secrets);
        refuse_unencoded_userinfo(text, what);
        text = normalise_sslmode_key(text);
    }

    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(text.c_str(), &error), &PQconninfoFree);
    if (!options) {
        std::string reason = error ? one_line(error) : "out of memory";
        if (error)
            PQfreemem(error);
        // A password= value libpq misread ("password=a b", "?password=a&b")
        // may be quoted in pieces no redaction can recognise: say less. (A
        // URI's user info is safe: libpq quotes it in the tokens collected.)
        if (lower(text).find("password") != std::string::npos)
            reason = "libpq could not parse it (its message is not shown, as it may quote the "
                     "password)";
        std::string hint = uri ? kEncodeHint
                               : "quote values holding spaces or quotes, as in password='a b', "
                                 "or use a postgresql:// URL";
        if (reason.find("query parameter") != std::string::npos)
            hint = "a libpq URL takes libpq's parameters only (sslmode, connect_timeout, "
                   "application_name, ...): drop the others";
        throw ConfigError(what + " is not a valid connection string: " + redact(reason, secrets),
                          hint);
    }
    ConnParams params;
    for (PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        const std::string key = o->keyword;
        if (key.find("password") != std::string::npos)
            secrets.add(o->val);
        params.set(key, o->val);
    }
    return params;
}

} // namespace preflight::client
