// Names come from the database, and a table may be named "\x1b[2J" or hold
// a newline that forges a report line. Everything from the server passes
// through here before it reaches a terminal.
#pragma once

#include <string>
#include <string_view>

namespace preflight::client {

// Removes ANSI escape sequences whole, C0 and C1 controls, DEL, Unicode
// direction overrides (which make text read other than it is), and
// replaces bytes that are not UTF-8 with '?'.
std::string strip_controls(std::string_view text);

// SQL for a person to run: identifiers and literals holding such characters
// become U&"..." / U&'...' with \XXXX escapes (the same names, now safe to
// print and to paste), comments are stripped. Other text is kept.
std::string terminal_safe_sql(std::string_view sql);

} // namespace preflight::client
