// The reports over many targets (client/report/{junit,github,html}_report):
// escaping that holds whatever the names are, and counts that add up.
#include "report/github_report.hpp"
#include "report/html_report.hpp"
#include "report/junit_report.hpp"
#include "report/markup.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace preflight::client {
namespace {

using json = nlohmann::ordered_json;

const std::string kEvil = "</script><b id=\"pwn\">x</b>\x1b[2J%0A::error::,:\n";

TargetReport target(Outcome outcome, std::vector<json> rows) {
    TargetReport t;
    t.job = "j";
    t.label = "the source of job \"j\"";
    t.end = "source";
    t.outcome = outcome;
    t.report = json{{"connection", {{"host", "h"}, {"database", "d"}, {"user", "u"}}},
                    {"role", "r"},
                    {"rows", rows}};
    return t;
}

json row(const std::string& table, const char* status, const char* step = "read") {
    return json{{"object_type", "table"},
                {"schema_name", "s"},
                {"object_name", table},
                {"column_name", nullptr},
                {"privilege", "SELECT"},
                {"needed_for", step},
                {"status", status},
                {"via", nullptr},
                {"detail", "d " + table},
                {"fix", std::string(status) == "missing" ? json("GRANT x " + table) : json()}};
}

std::vector<TargetReport> sample() {
    TargetReport failed;
    failed.job = "j";
    failed.label = "destination 1 of job \"j\"";
    failed.end = "destination";
    failed.outcome = Outcome::ConnectionFailed;
    failed.error = "could not connect " + kEvil;
    return {target(Outcome::NotReady, {row("ok", "ok"), row(kEvil, "missing"), row("w", "warning"),
                                       row(kEvil, "missing", "write")}),
            failed};
}

TEST(CiFormats, MarkupEscapesEverythingThatMeansSomething) {
    EXPECT_EQ(markup_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    EXPECT_EQ(markup_escape("a\x1b[31mb\x01"
                            "c"),
              "abc"); // controls and escapes dropped
}

TEST(CiFormats, GithubEscapesTheRunnersDelimiters) {
    EXPECT_EQ(github_message("50% a:b,c"), "50%25 a:b,c");
    EXPECT_EQ(github_property("50% a:b,c"), "50%25 a%3Ab%2Cc");
    EXPECT_EQ(github_message("a\nb\r::c"), "ab::c"); // one line: no command of its own
}

TEST(CiFormats, GithubLinesAndSummary) {
    std::ostringstream out;
    write_github(out, sample());
    std::istringstream in(out.str());
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    ASSERT_EQ(lines.size(), 5u) << out.str();
    EXPECT_EQ(lines[0].rfind("::error title=", 0), 0u);
    EXPECT_EQ(lines[1].rfind("::warning title=", 0), 0u);
    EXPECT_EQ(lines[2].rfind("::error title=", 0), 0u);
    EXPECT_NE(lines[3].find("not checked::could not connect"), std::string::npos) << lines[3];
    EXPECT_EQ(lines[4], "pg_preflight: NOT READY: 0 of 2 connections ready, 1 not ready, 1 not "
                        "checked (2 missing privileges, 1 warning)");
    EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

TEST(CiFormats, JunitCountsAndEscapes) {
    std::ostringstream out;
    write_junit(out, sample());
    const std::string x = out.str();
    EXPECT_NE(x.find("<testsuites name=\"pg_preflight\" tests=\"5\" failures=\"2\" errors=\"1\" "
                     "skipped=\"1\""),
              std::string::npos)
        << x;
    EXPECT_EQ(x.find("<b id"), std::string::npos);
    EXPECT_EQ(x.find("</script>"), std::string::npos);
    EXPECT_NE(x.find("&lt;/script&gt;&lt;b id=&quot;pwn&quot;&gt;"), std::string::npos);
    EXPECT_NE(x.find("<skipped message=\"warning: table &quot;s&quot;.&quot;w&quot;"),
              std::string::npos)
        << x;
}

TEST(CiFormats, HtmlDataCannotCloseItsScript) {
    std::ostringstream out;
    write_html(out, sample());
    const std::string h = out.str();
    // The page's own tags only: two scripts, each closed once.
    std::size_t closes = 0;
    for (std::size_t at = h.find("</script"); at != std::string::npos;
         at = h.find("</script", at + 1))
        ++closes;
    EXPECT_EQ(closes, 2u);
    EXPECT_EQ(h.find("<b id"), std::string::npos);
    EXPECT_NE(h.find("default-src 'none'"), std::string::npos);
    EXPECT_NE(h.find("<h1 id=\"verdict\" class=\"notready\">NOT READY</h1>"), std::string::npos);
}

TEST(CiFormats, HtmlStaysSmallForManyTables) {
    // 100,000 tables, one in ten missing SELECT: names and cell codes, each
    // detail stored once without its table's name.
    std::vector<json> rows;
    rows.reserve(100000);
    for (int i = 0; i < 100000; ++i)
        rows.push_back(row("table_" + std::to_string(i), i % 10 ? "ok" : "missing"));
    std::ostringstream out;
    write_html(out, {target(Outcome::NotReady, std::move(rows))});
    EXPECT_LT(out.str().size(), 8u * 1024 * 1024) << out.str().size();
}

} // namespace
} // namespace preflight::client
