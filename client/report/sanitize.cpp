#include "sanitize.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace preflight::client {

namespace {

// One UTF-8 character at text[i]: its code point and length, or length 0
// when the bytes are not UTF-8.
struct Decoded {
    std::uint32_t cp = 0;
    std::size_t len = 0;
};

Decoded decode(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80)
        return {b, 1};
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((b & 0xE0) == 0xC0) {
        len = 2;
        cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3;
        cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4;
        cp = b & 0x07;
    } else {
        return {};
    }
    if (i + len > s.size())
        return {};
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80)
            return {};
        cp = (cp << 6) | (c & 0x3F);
    }
    static const std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return {}; // overlong or not a character
    return {cp, len};
}

bool unsafe(std::uint32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Length of the escape sequence starting with ESC at s[i].
std::size_t escape_length(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    if (j >= s.size())
        return 1;
    const char kind = s[j];
    if (kind == '[') { // CSI: parameters, intermediates, one final byte
        ++j;
        while (j < s.size() && s[j] >= 0x20 && s[j] <= 0x3F)
            ++j;
        if (j < s.size() && s[j] >= 0x40 && s[j] <= 0x7E)
            ++j;
        return j - i;
    }
    if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X') {
        // String sequences (OSC, DCS, APC, PM, SOS) end with BEL or ESC '\'.
        ++j;
        while (j < s.size()) {
            if (s[j] == '\a')
                return j + 1 - i;
            if (s[j] == '\x1b' && j + 1 < s.size() && s[j + 1] == '\\')
                return j + 2 - i;
            ++j;
        }
        return j - i;
    }
    if (kind >= 0x20 && kind <= 0x7E)
        return 2;
    return 1;
}

void escape_unicode(std::string& out, std::uint32_t cp) {
    char buf[16];
    if (cp <= 0xFFFF)
        std::snprintf(buf, sizeof buf, "\\%04X", static_cast<unsigned>(cp));
    else
        std::snprintf(buf, sizeof buf, "\\+%06X", static_cast<unsigned>(cp));
    out += buf;
}

bool needs_escape(std::string_view body) {
    for (std::size_t i = 0; i < body.size();) {
        Decoded d = decode(body, i);
        if (d.len == 0)
            return false; // not UTF-8: U& cannot say it; keep the bytes exact
        if (unsafe(d.cp))
            return true;
        i += d.len;
    }
    return false;
}

// A quoted token's body (doubled quotes kept) as U&"..." or U&'...'.
std::string unicode_token(std::string_view body, char quote) {
    std::string out = "U&";
    out += quote;
    for (std::size_t i = 0; i < body.size();) {
        Decoded d = decode(body, i);
        if (unsafe(d.cp))
            escape_unicode(out, d.cp);
        else if (body[i] == '\\')
            out += "\\\\";
        else
            out.append(body.substr(i, d.len));
        i += d.len;
    }
    out += quote;
    return out;
}

} // namespace

std::string strip_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\x1b') {
            i += escape_length(text, i);
            continue;
        }
        Decoded d = decode(text, i);
        if (d.len == 0) {
            out += '?';
            ++i;
            continue;
        }
        if (!unsafe(d.cp))
            out.append(text.substr(i, d.len));
        i += d.len;
    }
    return out;
}

std::string terminal_safe_sql(std::string_view sql) {
    std::string out;
    std::size_t plain = 0; // start of text not yet copied
    auto flush_plain = [&](std::size_t end) {
        out += strip_controls(sql.substr(plain, end - plain));
    };
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '"' || c == '\'') {
            // Standard SQL quoting: the quote doubled is the only escape.
            std::size_t j = i + 1;
            while (j < sql.size()) {
                if (sql[j] == c) {
                    if (j + 1 < sql.size() && sql[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            flush_plain(i);
            const std::string_view body = sql.substr(i + 1, j - i - 1);
            if (needs_escape(body))
                out += unicode_token(body, c);
            else
                out.append(sql.substr(i, j + 1 - i));
            i = std::min(j + 1, sql.size());
            plain = i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            // A comment runs to the end of the line; keep the newline itself.
            std::size_t end = sql.find('\n', i);
            if (end == std::string_view::npos)
                end = sql.size();
            i = end;
        } else if (c == '\n') {
            flush_plain(i);
            out += '\n';
            plain = ++i;
        } else {
            ++i;
        }
    }
    flush_plain(sql.size());
    return out;
}

} // namespace preflight::client
