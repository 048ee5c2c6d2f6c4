// RowSet: the deduplication of check rows (same need = same object,
// privilege, step, status and fix; via and detail do not count).
#include "core/row_set.hpp"

#include <gtest/gtest.h>

#include <string>

namespace preflight {
namespace {

Row make(const std::string& name, const char* step = "write") {
    Row r;
    r.object_type = "table";
    r.schema_name = "s";
    r.object_name = name;
    r.privilege = "INSERT";
    r.needed_for = step;
    return r;
}

TEST(RowSet, SameNeedIgnoresViaAndDetail) {
    Rows rows{make("t"), make("t")};
    rows[1].via = "direct";
    rows[1].detail = "another sentence";
    RowSet set;
    EXPECT_TRUE(set.insert(rows[0]));
    EXPECT_FALSE(set.insert(rows[1]));
}

TEST(RowSet, EveryIdentifyingFieldTellsRowsApart) {
    Rows rows{make("t")};
    auto variant = [&](auto change) {
        Row r = make("t");
        change(r);
        rows.push_back(r);
    };
    variant([](Row& r) { r.object_type = "column"; });
    variant([](Row& r) { r.schema_name.reset(); });
    variant([](Row& r) { r.schema_name = "other"; });
    variant([](Row& r) { r.column_name = "c"; });
    variant([](Row& r) { r.privilege = "SELECT"; });
    variant([](Row& r) { r.needed_for = "upsert"; });
    variant([](Row& r) { r.status = Status::Missing; });
    variant([](Row& r) { r.fix = "GRANT INSERT ON TABLE \"s\".\"t\" TO \"u\";"; });
    variant([](Row& r) { r.fix = "GRANT INSERT ON TABLE \"s\".\"t\" TO \"v\";"; });
    // Lengths are part of the key: no pair of names can pass for another.
    variant([](Row& r) {
        r.schema_name = "s\x03";
        r.object_name = "";
    });
    RowSet set;
    for (std::size_t i = 0; i < rows.size(); ++i)
        EXPECT_TRUE(set.insert(rows[i])) << i;
    // Each again, as a copy: all seen.
    for (std::size_t i = 0; i < rows.size(); ++i)
        EXPECT_FALSE(set.insert(Row(rows[i]))) << i;
    EXPECT_EQ(set.size(), rows.size());
}

TEST(RowSet, GrowsAndClears) {
    Rows rows;
    for (int i = 0; i < 5000; ++i)
        rows.push_back(make("t" + std::to_string(i)));
    RowSet set(4);
    for (const Row& r : rows)
        ASSERT_TRUE(set.insert(r));
    for (int i = 0; i < 5000; ++i)
        ASSERT_FALSE(set.insert(make("t" + std::to_string(i))));
    set.clear();
    EXPECT_EQ(set.size(), 0u);
    EXPECT_TRUE(set.insert(rows[0]));
}

} // namespace
} // namespace preflight
