// The rows' spool and the reports written from it: the same bytes as from
// the rows in memory, for hostile names too.
#include "../../core/check.hpp"
#include "report/fix_output.hpp"
#include "report/json_report.hpp"
#include "report/row_spool.hpp"
#include "report/sanitize.hpp"
#include "report/text_report.hpp"
#include "answer.hpp"
#include "connection_facts.hpp"
#include "rows.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace pc = preflight::client;
using preflight::Job;
using preflight::Row;
using preflight::Rows;
using preflight::Status;
using testing_client::make_row;

namespace {

std::string dump(const Row& r) {
    auto opt = [](const std::optional<std::string>& v) { return v ? "<" + *v + ">" : "NULL"; };
    return r.object_type + "|" + opt(r.schema_name) + "|" + r.object_name + "|" +
           opt(r.column_name) + "|" + r.privilege + "|" + r.needed_for + "|" +
           preflight::status_name(r.status) + "|" + opt(r.via) + "|" + r.detail + "|" + opt(r.fix);
}

// Names a server may hold: quotes, backslashes, controls, DEL, NUL bytes,
// invalid UTF-8, a direction override, line breaks, an empty string, long text.
Rows hostile_rows() {
    const std::vector<std::string> names = {
        "plain",
        "with \"quotes\" and \\",
        "esc\x1b[2Jape",
        std::string("nul\0byte", 8),
        "del\x7f",
        "\xc3\xa9t\xc3\xa9",
        "bad\xff\xfeutf",
        "rl\xe2\x80\xaeo",
        "line\nbreak\r",
        "",
        "tab\there",
        std::string(70000, 'x'),
        "a.b",
        "a",
    };
    Rows rows = {make_row("role", std::nullopt, "r\x01", "LOGIN", "connect", Status::Ok),
                 make_row("database", std::nullopt, "", "CONNECT", "connect", Status::Warning)};
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string& n = names[i];
        const Status status = i % 3 == 0   ? Status::Missing
                              : i % 3 == 1 ? Status::Ok
                                           : Status::Warning;
        rows.push_back(make_row("schema", n, n, "USAGE", "read", status,
                                "GRANT USAGE ON SCHEMA \"" + n + "\" TO r;"));
        rows.push_back(make_row("table", "s" + n, n, "SELECT", "read", status,
                                "GRANT SELECT ON \"" + n + "\" TO r;"));
        rows.push_back(
            make_row("column", "s" + n, n, "SELECT", "read", Status::Missing, std::nullopt, n));
        rows.push_back(
            make_row("sequence", "s" + n, n + "_seq", "SELECT", "read sequences", Status::Ok));
        rows.push_back(
            make_row("trigger", "s" + n, n + ".trg", "EXECUTE", "write", Status::Warning));
    }
    rows.push_back(make_row("table", "sa", "a.b", "INSERT", "write", Status::Ok));
    rows.push_back(make_row("trigger", "sa", "a.b.t", "EXECUTE", "write", Status::Missing));
    // Empty strings and NULL stay apart.
    Row empty = make_row("column", std::string(), "", "", "", Status::Ok, std::string(), "");
    empty.via = std::string();
    rows.push_back(empty);
    return rows;
}

pc::RowSpool spool_of(const Rows& rows) {
    pc::RowSpool spool;
    for (Row r : rows)
        spool.add(std::move(r));
    return spool;
}

testing_client::Answer result_with(Rows rows) {
    testing_client::Answer r;
    r.role = "sync\x7f";
    r.used = "extension";
    r.extension_version = "1.0";
    r.library_version = "1.0.0";
    r.version_note = "note \x1b[31m";
    r.rows = std::move(rows);
    return r;
}

std::string streamed_json(const pc::CheckConfig& c, const pc::PreflightResult& r,
                          const pc::RowSource& rows, const pc::ConnectionFacts& f) {
    std::ostringstream out;
    pc::write_json(out, f, "--url", c, r, rows);
    return out.str();
}

} // namespace

TEST(RowSpool, GivesBackEveryRowInOrderAndByPosition) {
    const Rows rows = hostile_rows();
    pc::RowSpool spool = spool_of(rows);
    EXPECT_EQ(spool.size(), rows.size());
    std::vector<pc::RowPosition> positions;
    std::size_t i = 0;
    spool.for_each([&](const Row& r, pc::RowPosition p) {
        ASSERT_LT(i, rows.size());
        EXPECT_EQ(dump(r), dump(rows[i])) << "row " << i;
        positions.push_back(p);
        ++i;
    });
    EXPECT_EQ(i, rows.size());
    // Backwards by position, then a second pass: reads do not disturb each other.
    for (std::size_t k = positions.size(); k-- > 0;)
        EXPECT_EQ(dump(spool.at(positions[k])), dump(rows[k])) << "row " << k;
    std::size_t again = 0;
    spool.for_each([&](const Row&, pc::RowPosition) { ++again; });
    EXPECT_EQ(again, rows.size());
    std::cout << "spooled and read back " << rows.size() << " hostile rows\n";
}

TEST(RowSpool, AddingAfterAReadAppends) {
    pc::RowSpool spool;
    spool.add(make_row("table", "s", "a", "SELECT", "read", Status::Ok));
    std::size_t seen = 0;
    spool.for_each([&](const Row&, pc::RowPosition) { ++seen; });
    spool.add(make_row("table", "s", "b", "SELECT", "read", Status::Missing));
    std::vector<std::string> names;
    spool.for_each([&](const Row& r, pc::RowPosition) { names.push_back(r.object_name); });
    EXPECT_EQ(seen, 1u);
    EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
}

TEST(RowSpool, CountsTheVerdict) {
    const pc::RowSpool empty;
    EXPECT_TRUE(empty.verdict().ready);
    EXPECT_EQ(empty.size(), 0u);
    const Rows rows = hostile_rows();
    const pc::RowSpool spool = spool_of(rows);
    const pc::Verdict want = testing_client::verdict_of(rows);
    EXPECT_EQ(spool.verdict().ready, want.ready);
    EXPECT_EQ(spool.verdict().ok, want.ok);
    EXPECT_EQ(spool.verdict().missing, want.missing);
    EXPECT_EQ(spool.verdict().warnings, want.warnings);
    EXPECT_FALSE(spool.verdict().ready);
}

TEST(StreamedJson, ByteForByteTheTreeWritersDocument) {
    pc::CheckConfig dest;
    dest.job = Job::Destination;
    dest.schemas = std::vector<std::string>{"a\x1b", "b\xff"};
    dest.source = pc::Source::Extension;
    pc::ConnectionFacts no_tls = testing_client::verified_tls_facts();
    no_tls.tls = {};
    no_tls.tls.sslmode = "disable";
    no_tls.hostaddr = "";
    const Rows all = hostile_rows();
    const std::vector<Rows> row_sets = {{}, {all.front()}, all};
    int compared = 0;
    for (const pc::CheckConfig& c : {pc::CheckConfig{}, dest})
        for (const auto& f : {testing_client::verified_tls_facts(), no_tls})
            for (const Rows& rows : row_sets) {
                const testing_client::Answer r = result_with(rows);
                // The whole document as one tree, laid out by json_text.
                const std::string tree = pc::json_text(
                    nlohmann::ordered_json::parse(testing_client::json_of(f, "--url", c, r)));
                const pc::RowSpool spool = spool_of(rows);
                EXPECT_EQ(streamed_json(c, r, spool, f), tree) << rows.size() << " rows";
                EXPECT_EQ(streamed_json(c, r, pc::RowsView(rows), f), tree);
                ++compared;
            }
    std::cout << "compared " << compared << " documents (0, 1 and " << all.size() << " rows)\n";
}

TEST(StreamedText, SameReportFromTheSpool) {
    const Rows rows = hostile_rows();
    const pc::RowSpool spool = spool_of(rows);
    for (bool colour : {false, true}) {
        pc::CheckConfig c;
        c.job = Job::Destination;
        std::ostringstream from_rows, from_spool;
        pc::print_result(from_rows, c, result_with(rows), pc::RowsView(rows), pc::Style(colour));
        pc::print_result(from_spool, c, result_with({}), spool, pc::Style(colour));
        EXPECT_EQ(from_spool.str(), from_rows.str());
        EXPECT_NE(from_rows.str().find("What is missing"), std::string::npos);
    }
}

TEST(StreamedFix, SameScriptFromTheSpool) {
    const Rows rows = hostile_rows();
    const pc::RowSpool spool = spool_of(rows);
    const std::string script = pc::terminal_safe_sql(preflight::fix_script(rows));
    EXPECT_EQ(pc::fix_output(spool), script);
    EXPECT_NE(script.find("GRANT USAGE ON SCHEMA"), std::string::npos);
    EXPECT_NE(script.find("-- not fixable by a grant"), std::string::npos);
}
