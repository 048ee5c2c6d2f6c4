// Promises the fuzz targets check on every input. A broken promise prints
// what broke and aborts, so libFuzzer keeps the input as a crash file.
#pragma once

#include "common/errors.hpp"
#include "common/redact.hpp"
#include "report/error_line.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace preflight::fuzz {

[[noreturn]] inline void broken(const std::string& promise, const std::string& detail) {
    std::fprintf(stderr, "broken promise: %s\n  %s\n", promise.c_str(), detail.c_str());
    std::abort();
}

inline void require(bool ok, const std::string& promise, const std::string& detail = {}) {
    if (!ok)
        broken(promise, detail);
}

// A value the checks can look for without false alarms: redaction writes
// "****", so a secret holding '*' could be rebuilt by it.
inline bool searchable(const std::string& secret) {
    return !secret.empty() && secret.find('*') == std::string::npos;
}

inline bool known(const client::Secrets& secrets, const std::string& secret) {
    const auto& all = secrets.all();
    return secret.empty() || std::find(all.begin(), all.end(), secret) != all.end();
}

// Every password= value libpq itself reads from `text` (password,
// sslpassword), or nothing when libpq cannot parse it.
inline std::vector<std::string> libpq_passwords(const std::string& text) {
    std::vector<std::string> out;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(text.c_str(), &error);
    if (error)
        PQfreemem(error);
    if (!options)
        return out;
    for (PQconninfoOption* o = options; o->keyword; ++o)
        if (o->val && std::string(o->keyword).find("password") != std::string::npos)
            out.emplace_back(o->val);
    PQconninfoFree(options);
    return out;
}

// What main prints for an error: one line, no control characters, and no
// secret the run knows of, in the message or the hint.
inline void check_error(const client::ClientError& e, const client::Secrets& secrets,
                        const std::vector<std::string>& passwords) {
    const std::string line = client::error_line(e.what(), e.hint(), secrets);
    for (char ch : line) {
        const auto c = static_cast<unsigned char>(ch);
        require(c >= 0x20 && c != 0x7f, "an error is one line of printable text", line);
    }
    const std::string message = client::redact(e.what(), secrets);
    const std::string hint = client::redact(e.hint(), secrets);
    for (const auto& p : passwords) {
        if (!searchable(p))
            continue;
        require(message.find(p) == std::string::npos, "no password in an error message",
                "password [" + p + "] in: " + message);
        require(hint.find(p) == std::string::npos, "no password in an error hint",
                "password [" + p + "] in: " + hint);
    }
}

// libpq lists one port per host: "5432,5432" for one port and two hosts,
// "," for two hosts and none. Both mean what one port, or none, means.
inline std::optional<std::string> port_meaning(const std::optional<std::string>& port) {
    if (!port || port->find_first_not_of(',') == std::string::npos)
        return std::nullopt;
    const std::string first = port->substr(0, port->find(','));
    std::string same = first;
    while (same.size() < port->size())
        same += "," + first;
    return same == *port ? std::optional<std::string>(first) : port;
}

// Splits fuzz input into lines; "~" alone stands for "not given".
inline std::vector<std::optional<std::string>> fields(const std::uint8_t* data, std::size_t size,
                                                      std::size_t count) {
    std::vector<std::optional<std::string>> out;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    while (out.size() < count) {
        if (start >= text.size()) { // a last line break ends the input
            out.emplace_back(std::nullopt);
            continue;
        }
        std::size_t nl = text.find('\n', start);
        if (nl == std::string::npos)
            nl = text.size();
        std::string line = text.substr(start, nl - start);
        out.emplace_back(line == "~" ? std::nullopt : std::optional<std::string>(line));
        start = nl + 1;
    }
    return out;
}

} // namespace preflight::fuzz
