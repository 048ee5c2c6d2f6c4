// Text from the database in XML and HTML: escaped, and cleared of what
// neither may hold (C0 controls, invalid UTF-8) and of what a terminal or a
// reader would misread (escape sequences, direction overrides).
#pragma once

#include <string>
#include <string_view>

namespace preflight::client {

// For element text and attribute values (quotes escaped too).
std::string markup_escape(std::string_view text);

} // namespace preflight::client
