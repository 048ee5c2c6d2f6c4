#include "uri.hpp"

#include "host.hpp"
#include "params.hpp"

#include <cctype>

namespace preflight::client {

namespace {

const char kHex[] = "0123456789ABCDEF";

bool unreserved(unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

void encode_byte(std::string& out, unsigned char c) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string percent_encode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c))
            out += ch;
        else
            encode_byte(out, c);
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string uri_host(const std::string& host) {
    std::string h = host;
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']')
        h = h.substr(1, h.size() - 2);
    // A colon outside a socket path can only be IPv6: libpq reads "[...]"
    // as one address and decodes what is inside, zone ("%eth0") included.
    if (host_kind(h) != HostKind::Socket && h.find(':') != std::string::npos) {
        std::string out = "[";
        for (char ch : h) {
            const auto c = static_cast<unsigned char>(ch);
            if (unreserved(c) || c == ':')
                out += ch;
            else
                encode_byte(out, c);
        }
        return out + "]";
    }
    return percent_encode(h);
}

std::string build_uri(const DiscreteParts& p) {
    std::string uri = "postgresql://";
    if (p.user || p.password) {
        uri += percent_encode(p.user.value_or(""));
        if (p.password)
            uri += ":" + percent_encode(*p.password);
        uri += "@";
    }
    // One port for every host: libpq takes "h1:5433,h2:5433" as a list.
    const std::string port = p.port ? ":" + *p.port : "";
    if (p.host) {
        bool first = true;
        for (const auto& h : split_list(*p.host)) {
            if (!first)
                uri += ",";
            uri += uri_host(h) + port;
            first = false;
        }
    } else {
        uri += port;
    }
    if (p.dbname)
        uri += "/" + percent_encode(*p.dbname);
    return uri;
}

} // namespace preflight::client
