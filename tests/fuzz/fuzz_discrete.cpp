// libFuzzer target: --host, --port, --dbname, --username, --password-stdin,
// --sslmode, --server-name and --connect-timeout, with libpq's PGHOST,
// PGPORT, PGSSLMODE and PGPASSWORD, through validate(). One field per
// line, in that order; "~" alone: not given.
//
// Promises checked: only ConfigError escapes; no error or warning shows the
// password; and an accepted configuration connects with exactly the
// parameters given (the discrete parameters -> URI -> libpq round trip).
// Passwords get a marker byte in front (see kMark).
#include "invariants.hpp"

#include "config/validate.hpp"

#include <exception>
#include <map>

namespace pc = preflight::client;
namespace pf = preflight::fuzz;

namespace {

enum Field {
    Host,
    Port,
    Dbname,
    User,
    Password,
    Sslmode,
    ServerName,
    ConnectTimeout,
    EnvHost,
    EnvPort,
    EnvSslmode,
    EnvPassword,
    FieldCount
};

constexpr char kMark = '\x1d';

// "[::1]" is given as the address ::1 (uri_host drops the brackets);
// every other entry reaches libpq as typed.
std::string expected_host(const std::string& host) {
    std::string out;
    bool first = true;
    for (auto h : pc::split_list(host)) {
        if (h.size() >= 2 && h.front() == '[' && h.back() == ']')
            h = h.substr(1, h.size() - 2);
        out += (first ? "" : ",") + h;
        first = false;
    }
    return out;
}

void check_params(const pc::RawOptions& raw, const std::optional<std::string>& password,
                  const pc::Config& config) {
    const pc::ConnParams& p = config.connection.params;
    auto same = [&](const char* key, const std::optional<std::string>& want) {
        pf::require(p.get(key) == want, "validate passes each discrete parameter unchanged",
                    std::string(key) + ": [" + p.get(key).value_or("(none)") + "] want [" +
                        want.value_or("(none)") + "]");
    };
    same("host", raw.host ? std::optional<std::string>(expected_host(*raw.host)) : std::nullopt);
    pf::require(pf::port_meaning(p.get("port")) == raw.port, "validate passes --port unchanged",
                p.get("port").value_or("(none)"));
    same("dbname", raw.dbname);
    same("user", raw.username);
    same("password", password);
    if (raw.sslmode)
        same("sslmode", raw.sslmode);
    if (raw.connect_timeout)
        same("connect_timeout", raw.connect_timeout);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto f = pf::fields(data, size, FieldCount);
    for (const auto& v : f)
        if (v && v->find('\0') != std::string::npos)
            return 0; // arguments and variables hold no NUL
    // Passwords begin with a byte no message and no other field holds, so
    // that finding one in a message means it leaked, never a coincidence.
    for (int i = 0; i < FieldCount; ++i) {
        if (!f[i])
            continue;
        if (i == Password || i == EnvPassword) {
            if (!f[i]->empty())
                f[i] = kMark + *f[i];
        } else if (f[i]->find(kMark) != std::string::npos) {
            return 0;
        }
    }

    pc::RawOptions raw;
    raw.host = f[Host];
    raw.port = f[Port];
    raw.dbname = f[Dbname];
    raw.username = f[User];
    raw.password_stdin = f[Password].has_value();
    raw.sslmode = f[Sslmode];
    raw.server_name = f[ServerName];
    raw.connect_timeout = f[ConnectTimeout];
    std::map<std::string, std::string> vars;
    const std::pair<Field, const char*> names[] = {{EnvHost, "PGHOST"},
                                                   {EnvPort, "PGPORT"},
                                                   {EnvSslmode, "PGSSLMODE"},
                                                   {EnvPassword, "PGPASSWORD"}};
    for (const auto& [field, name] : names)
        if (f[field])
            vars[name] = *f[field];
    const pc::Environment env = pc::Environment::fixed(vars);

    // As read_password_from_stdin gives it: one line, its '\r' kept.
    const std::optional<std::string> line = f[Password];
    std::optional<std::string> password = line;
    if (password && !password->empty() && password->back() == '\r')
        password->pop_back();
    std::vector<std::string> passwords;
    for (const auto& p : {line, password, f[EnvPassword]})
        if (p)
            passwords.push_back(*p);

    pc::Secrets secrets;
    const pc::ValidationContext context{env, [&] { return line; }, secrets};
    try {
        const pc::Config config = pc::validate(raw, context);
        for (const auto& w : config.warnings) {
            const std::string shown = pc::redact(w, secrets);
            for (const auto& p : passwords)
                pf::require(!pf::searchable(p) || shown.find(p) == std::string::npos,
                            "no password in a warning", shown);
        }
        if (raw.host || raw.port || raw.dbname || raw.username)
            check_params(raw, password, config);
    } catch (const pc::ConfigError& e) {
        pf::check_error(e, secrets, passwords);
    } catch (const std::exception& e) {
        pf::broken("validate throws only ConfigError", e.what());
    }
    return 0;
}
