#include "node_tree.hpp"

#include <algorithm>
#include <cstdlib>

namespace preflight::client {

namespace {

constexpr Oid kNextvalOid = 1574; // nextval(regclass)
constexpr Oid kRegclassOid = 2205;
constexpr Oid kBoolOid = 16;

// The text with every ":subselect {QUERY ...}" removed. Node text escapes
// braces inside tokens with a backslash, so counting unescaped braces works.
std::string without_subqueries(const std::string& text) {
    std::string out;
    const std::string marker = ":subselect ";
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t at = text.find(marker, i);
        if (at == std::string::npos) {
            out.append(text, i, std::string::npos);
            break;
        }
        out.append(text, i, at - i);
        std::size_t j = at + marker.size();
        if (j < text.size() && text[j] == '{') {
            int depth = 0;
            for (; j < text.size(); ++j) {
                if (text[j] == '\\') {
                    ++j;
                    continue;
                }
                if (text[j] == '{')
                    ++depth;
                else if (text[j] == '}' && --depth == 0) {
                    ++j;
                    break;
                }
            }
        }
        i = j;
    }
    return out;
}

// The unsigned number after "key " at or after pos, or 0.
unsigned long number_after(const std::string& text, std::size_t pos, const std::string& key,
                           std::size_t* end = nullptr) {
    std::size_t at = text.find(key + " ", pos);
    if (at == std::string::npos)
        return 0;
    const char* start = text.c_str() + at + key.size() + 1;
    char* stop = nullptr;
    long long v = std::strtoll(start, &stop, 10);
    if (end)
        *end = static_cast<std::size_t>(stop - text.c_str());
    return v < 0 ? 0 : static_cast<unsigned long>(v);
}

void add_unique(std::vector<Oid>& list, Oid oid) {
    if (std::find(list.begin(), list.end(), oid) == list.end())
        list.push_back(oid);
}

// A by-value Const's datum: ":constvalue 4 [ b0 b1 b2 b3 0 0 0 0 ]", bytes
// printed as signed chars, little-endian on the platforms we run on.
Oid const_oid(const std::string& text, std::size_t const_pos) {
    std::size_t at = text.find(":constvalue ", const_pos);
    std::size_t open = text.find('[', at);
    if (at == std::string::npos || open == std::string::npos)
        return 0;
    const char* p = text.c_str() + open + 1;
    unsigned long value = 0;
    for (int i = 0; i < 4; ++i) {
        char* stop = nullptr;
        long byte = std::strtol(p, &stop, 10);
        value |= (static_cast<unsigned long>(byte) & 0xFFu) << (8 * i);
        p = stop;
    }
    return static_cast<Oid>(value);
}

} // namespace

ExpressionFacts parse_node_tree(const std::string& raw) {
    ExpressionFacts f;
    f.sublink = raw.find("{SUBLINK ") != std::string::npos;
    const std::string text = without_subqueries(raw);
    f.constant = text.find("{VAR ") == std::string::npos;
    if (text.rfind("{CONST ", 0) == 0 && number_after(text, 0, ":consttype") == kBoolOid &&
        text.find(":constisnull false") != std::string::npos) {
        std::size_t at = text.find(":constvalue 1 [ ");
        f.is_true = at != std::string::npos && text.compare(at + 16, 2, "1 ") == 0;
    }
    // Walk the node labels in text order, which is the walker's pre-order.
    for (std::size_t i = text.find('{'); i != std::string::npos; i = text.find('{', i + 1)) {
        if (i > 0 && text[i - 1] == '\\')
            continue;
        if (text.compare(i, 10, "{FUNCEXPR ") == 0) {
            std::size_t after = 0;
            Oid fn = static_cast<Oid>(number_after(text, i, ":funcid", &after));
            add_unique(f.functions, fn);
            if (fn == kNextvalOid) {
                std::size_t c = text.find("{CONST ", after);
                if (c != std::string::npos && number_after(text, c, ":consttype") == kRegclassOid &&
                    text.find(":constisnull false", c) < text.find('}', c))
                    f.nextval_sequences.push_back(const_oid(text, c));
            }
        } else if (text.compare(i, 8, "{OPEXPR ") == 0 ||
                   text.compare(i, 14, "{DISTINCTEXPR ") == 0 ||
                   text.compare(i, 12, "{NULLIFEXPR ") == 0 ||
                   text.compare(i, 19, "{SCALARARRAYOPEXPR ") == 0) {
            // Stored operator nodes carry their function (make_op sets it).
            if (Oid fn = static_cast<Oid>(number_after(text, i, ":opfuncid")))
                add_unique(f.functions, fn);
        }
    }
    return f;
}

} // namespace preflight::client
