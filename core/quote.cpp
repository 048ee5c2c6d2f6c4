#include "quote.hpp"

#include <algorithm>

namespace preflight {

namespace {
// Doubling the quote character is the whole escaping rule for quoted
// identifiers; every byte else, newlines and non-ASCII included, is literal.
// Names without the quote (nearly all) are copied whole, in one allocation.
void append_quoted(std::string& out, const std::string& text, char q) {
    out += q;
    if (text.find(q) == std::string::npos) {
        out += text;
    } else {
        for (char c : text) {
            if (c == q)
                out += q;
            out += c;
        }
    }
    out += q;
}

std::string quoted(const std::string& text, char q) {
    std::string out;
    out.reserve(text.size() + 2 + std::count(text.begin(), text.end(), q));
    append_quoted(out, text, q);
    return out;
}
} // namespace

std::string quote_ident(const std::string& name) {
    return quoted(name, '"');
}

// With standard_conforming_strings on (the default since 9.1) backslashes are
// literal; an E'' string would need more escaping, so we never emit one.
std::string quote_literal(const std::string& text) {
    return quoted(text, '\'');
}

std::string qualified(const std::string& schema, const std::string& name) {
    std::string out;
    out.reserve(schema.size() + name.size() + 5);
    append_quoted(out, schema, '"');
    out += '.';
    append_quoted(out, name, '"');
    return out;
}

} // namespace preflight
