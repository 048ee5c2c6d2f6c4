// The text and name datums of one result row, laid out in one palloc: a
// check row has ten, and a palloc (plus namein's checks) for each showed in
// profiles of million-row results. Call inside pg::call, in a context that
// is reset per batch of rows.
#pragma once

#include "pg.hpp"

#include <optional>
#include <string_view>

namespace preflight::ext {

struct RowField {
    std::optional<std::string_view> value; // nullopt: SQL NULL
    bool name = false;                     // a `name` column, else `text`
};

void fill_row_datums(Datum* values, bool* nulls, const RowField* fields, int count);

} // namespace preflight::ext
