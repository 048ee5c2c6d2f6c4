#include "redact.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace preflight::client {

namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// A stretch of the text to hide: [begin, end); an empty one marks a
// password written empty, shown as the mask too.
struct Span {
    std::size_t begin;
    std::size_t end;
};

// scheme://user:password@host...: the user info ends at the last '@' before
// the next white space. Taking the last one (not the first, as libpq does)
// also hides a password holding a raw '@', '/' or '?'; at worst it hides
// more than the password, never less.
void uri_passwords(const std::string& text, std::vector<Span>& out) {
    std::size_t from = 0;
    while ((from = text.find("://", from)) != std::string::npos) {
        const std::size_t start = from + 3;
        std::size_t end = start;
        while (end < text.size() && !is_space(text[end]))
            ++end;
        const std::size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
        if (at == std::string::npos || at < start) {
            from = start;
            continue;
        }
        const std::size_t colon = text.find(':', start);
        if (colon != std::string::npos && colon < at)
            out.push_back({colon + 1, at});
        from = at + 1;
    }
}

// password=value in a conninfo string ('quoted' with backslash escapes, or
// up to white space) or in a URI query (up to '&': libpq reads no
// fragment, "?password=#x" sets "#x"). Matches inside
// longer keys too (sslpassword=, PGPASSWORD=), which are secrets as well.
// Around '=' any white space is skipped, '\r' and '\f' too, as libpq does.
void password_pairs(const std::string& text, std::vector<Span>& out) {
    static const std::string key = "password";
    std::size_t from = 0;
    for (;;) {
        auto it = std::search(
            text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), key.begin(), key.end(),
            [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
        if (it == text.end())
            return;
        const std::size_t key_at = static_cast<std::size_t>(it - text.begin());
        std::size_t i = key_at + key.size();
        while (i < text.size() && is_space(text[i]))
            ++i;
        if (i >= text.size() || text[i] != '=') {
            from = key_at + key.size();
            continue;
        }
        ++i;
        while (i < text.size() && is_space(text[i]))
            ++i;
        const bool in_query = key_at > 0 && (text[key_at - 1] == '?' || text[key_at - 1] == '&');
        std::size_t end = i;
        if (!in_query && i < text.size() && text[i] == '\'') {
            ++end;
            while (end < text.size() && text[end] != '\'') {
                if (text[end] == '\\' && end + 1 < text.size())
                    ++end;
                ++end;
            }
            if (end < text.size())
                ++end; // the closing quote
        } else {
            while (end < text.size() && !is_space(text[end]) && !(in_query && text[end] == '&'))
                ++end;
        }
        out.push_back({i, end});
        from = end > key_at + key.size() ? end : key_at + key.size();
    }
}

// Both readings are taken of the same text and everything either one
// would hide is hidden: an '@' inside a query password fools the first,
// "password=" inside a user-info password fools the second.
std::string hide_passwords(const std::string& text) {
    std::vector<Span> spans;
    uri_passwords(text, spans);
    password_pairs(text, spans);
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::string out;
    std::size_t copied = 0; // text before this is in out (or hidden)
    for (std::size_t i = 0; i < spans.size();) {
        const std::size_t begin = std::max(spans[i].begin, copied);
        std::size_t end = spans[i].end;
        std::size_t j = i + 1;
        while (j < spans.size() && spans[j].begin <= end)
            end = std::max(end, spans[j++].end); // overlapping or touching: one mask
        out.append(text, copied, begin - copied);
        out += kRedacted;
        copied = std::max(copied, end);
        i = j;
    }
    out.append(text, copied, std::string::npos);
    return out;
}

void replace_all(std::string& text, const std::string& what) {
    std::size_t at = 0;
    while ((at = text.find(what, at)) != std::string::npos) {
        text.replace(at, what.size(), kRedacted);
        at += std::char_traits<char>::length(kRedacted);
    }
}

} // namespace

void Secrets::add(std::string secret) {
    if (secret.empty() || std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end())
        return;
    secrets_.push_back(std::move(secret));
}

std::string redact(std::string_view text, const Secrets& secrets) {
    // Known passwords first, longest first: a password that contains another
    // is hidden whole. A short password hides every occurrence of itself,
    // even inside ordinary words: unreadable beats leaked.
    std::vector<std::string> known = secrets.all();
    std::sort(known.begin(), known.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    std::string out(text);
    for (const auto& s : known)
        replace_all(out, s);
    return hide_passwords(out);
}

std::string one_line(std::string_view text) {
    std::string out;
    std::string line;
    std::vector<std::string> kept;
    auto flush = [&] {
        auto first = line.find_first_not_of(' ');
        auto last = line.find_last_not_of(' ');
        if (first != std::string::npos) {
            std::string trimmed = line.substr(first, last - first + 1);
            // libpq repeats a failure once per attempt (with TLS, then without).
            if (std::find(kept.begin(), kept.end(), trimmed) == kept.end()) {
                if (!out.empty())
                    out += "; ";
                out += trimmed;
                kept.push_back(std::move(trimmed));
            }
        }
        line.clear();
    };
    for (char c : text) {
        if (c == '\n' || c == '\r')
            flush();
        else
            line += (c == '\t' ? ' ' : c);
    }
    flush();
    return out;
}

} // namespace preflight::client
