#include "quote.hpp"

namespace preflight {

namespace {
std::string quote_doubling(const std::string& text, char q) {
    std::string out;
    out.reserve(text.size() + 2);
    out += q;
    for (char c : text) {
        if (c == q)
            out += q;
        out += c;
    }
    out += q;
    return out;
}
} // namespace

// Doubling the quote character is the whole escaping rule for quoted
// identifiers; every byte else, newlines and non-ASCII included, is literal.
std::string quote_ident(const std::string& name) {
    return quote_doubling(name, '"');
}

// With standard_conforming_strings on (the default since 9.1) backslashes are
// literal; an E'' string would need more escaping, so we never emit one.
std::string quote_literal(const std::string& text) {
    return quote_doubling(text, '\'');
}

std::string qualified(const std::string& schema, const std::string& name) {
    return quote_ident(schema) + "." + quote_ident(name);
}

} // namespace preflight
