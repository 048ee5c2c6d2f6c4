#include "row_datums.hpp"

#include <cstring>

namespace preflight::ext {

namespace {

std::size_t text_size(std::string_view s) {
    return INTALIGN(VARHDRSZ + s.size()); // the next varlena starts 4-aligned
}

Datum put_text(char*& next, std::string_view s) {
    auto* t = reinterpret_cast<text*>(next);
    SET_VARSIZE(t, VARHDRSZ + s.size());
    std::memcpy(VARDATA(t), s.data(), s.size());
    next += text_size(s);
    return PointerGetDatum(t);
}

// As namein(): at most NAMEDATALEN - 1 bytes, clipped on a character
// boundary, zero-padded.
Datum put_name(char*& next, std::string_view s) {
    int len = static_cast<int>(s.size());
    if (len >= NAMEDATALEN)
        len = pg_mbcliplen(s.data(), len, NAMEDATALEN - 1);
    char* out = next;
    std::memset(out, 0, NAMEDATALEN);
    std::memcpy(out, s.data(), len);
    next += NAMEDATALEN;
    return PointerGetDatum(out);
}

} // namespace

void fill_row_datums(Datum* values, bool* nulls, const RowField* fields, int count) {
    std::size_t bytes = 0;
    for (int i = 0; i < count; ++i)
        if (fields[i].value)
            bytes += fields[i].name ? NAMEDATALEN : text_size(*fields[i].value);
    char* next = static_cast<char*>(palloc(bytes ? bytes : 1));
    for (int i = 0; i < count; ++i) {
        nulls[i] = !fields[i].value;
        if (!fields[i].value)
            values[i] = Datum(0);
        else
            values[i] = fields[i].name ? put_name(next, *fields[i].value)
                                       : put_text(next, *fields[i].value);
    }
}

} // namespace preflight::ext
