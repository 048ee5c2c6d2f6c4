// Names from the database reach a terminal only without control characters.
#include "report/sanitize.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;

TEST(StripControls, OrdinaryTextIsKept) {
    EXPECT_EQ(pc::strip_controls("sales.orders ünïcødé 表"), "sales.orders ünïcødé 表");
    EXPECT_EQ(pc::strip_controls(""), "");
}

TEST(StripControls, AnsiSequencesGoWhole) {
    EXPECT_EQ(pc::strip_controls("\x1b[31mred\x1b[0m"), "red");
    EXPECT_EQ(pc::strip_controls("a\x1b[2J\x1b[1;1Hb"), "ab");
    EXPECT_EQ(pc::strip_controls("\x1b]0;title\x07x"), "x");       // OSC, BEL
    EXPECT_EQ(pc::strip_controls("\x1b]8;;http://e\x1b\\y"), "y"); // OSC 8 link, ST
    EXPECT_EQ(pc::strip_controls("\x1bPq#0;2\x1b\\z"), "z");       // DCS (sixel)
    EXPECT_EQ(pc::strip_controls("a\x1b"
                                 "cb"),
              "ab"); // RIS: ESC c
    EXPECT_EQ(pc::strip_controls("end\x1b"), "end");
}

TEST(StripControls, C0C1AndDelGo) {
    EXPECT_EQ(pc::strip_controls("a\nb\rc\td\0e"), "abcd");
    EXPECT_EQ(pc::strip_controls(std::string("a\0b", 3)), "ab");
    EXPECT_EQ(pc::strip_controls("a\x7f"
                                 "b"),
              "ab");
    EXPECT_EQ(pc::strip_controls("a\xc2\x9b"
                                 "31mb"),
              "a31mb"); // U+009B, the one-byte CSI
    EXPECT_EQ(pc::strip_controls("a\xc2\x85"
                                 "b"),
              "ab"); // U+0085, next line
}

TEST(StripControls, DirectionOverridesGo) {
    EXPECT_EQ(pc::strip_controls("abc\xe2\x80\xae"
                                 "fed"),
              "abcfed"); // U+202E
    EXPECT_EQ(pc::strip_controls("\xe2\x81\xa6"
                                 "x\xe2\x81\xa9"),
              "x"); // U+2066..2069
    EXPECT_EQ(pc::strip_controls("\xe2\x80\x8f"
                                 "y"),
              "y"); // U+200F
}

TEST(StripControls, BytesThatAreNotUtf8BecomeQuestionMarks) {
    EXPECT_EQ(pc::strip_controls("a\xff"
                                 "b"),
              "a?b");
    EXPECT_EQ(pc::strip_controls("a\x9b"
                                 "b"),
              "a?b");                                // a raw 8-bit CSI
    EXPECT_EQ(pc::strip_controls("\xc0\xaf"), "??"); // overlong '/'
    EXPECT_EQ(pc::strip_controls("\xe2\x82"), "??"); // truncated
}

TEST(TerminalSafeSql, PlainFixesAreUnchanged) {
    const std::string sql = "GRANT SELECT ON TABLE \"s\".\"t\"\"q\" TO \"r\";\n"
                            "GRANT USAGE ON SCHEMA \"a b\" TO \"r\";\n";
    EXPECT_EQ(pc::terminal_safe_sql(sql), sql);
}

TEST(TerminalSafeSql, IdentifiersWithControlsBecomeUnicodeEscapes) {
    EXPECT_EQ(pc::terminal_safe_sql("GRANT SELECT ON TABLE \"s\".\"t\x1b[2J\" TO \"r\";"),
              "GRANT SELECT ON TABLE \"s\".U&\"t\\001B[2J\" TO \"r\";");
    // Backslashes and doubled quotes inside keep their meaning under U&.
    EXPECT_EQ(pc::terminal_safe_sql("\"a\\b\"\"\n\""), "U&\"a\\\\b\"\"\\000A\"");
    EXPECT_EQ(pc::terminal_safe_sql("'x\x7f'"), "U&'x\\007F'");
    EXPECT_EQ(pc::terminal_safe_sql("\"\xe2\x80\xae\""), "U&\"\\202E\"");
}

TEST(TerminalSafeSql, CommentsAreStrippedAndLinesKept) {
    EXPECT_EQ(pc::terminal_safe_sql("-- note \x1b[31mred\nGRANT x;\n"), "-- note red\nGRANT x;\n");
    // A "--" inside a quoted name is not a comment.
    EXPECT_EQ(pc::terminal_safe_sql("GRANT \"a--b\" TO \"r\";"), "GRANT \"a--b\" TO \"r\";");
}

TEST(TerminalSafeSql, UnterminatedQuoteDoesNotCrash) {
    EXPECT_EQ(pc::terminal_safe_sql("\"abc"), "\"abc");
    EXPECT_EQ(pc::terminal_safe_sql("\"a\x01"), "U&\"a\\0001\"");
}
