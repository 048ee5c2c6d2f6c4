// SQL text the rules generate: identifiers are always double-quoted (valid
// for every name, keywords included), literals use standard strings.
#pragma once

#include <string>

namespace preflight {

std::string quote_ident(const std::string& name);
std::string quote_literal(const std::string& text);
std::string qualified(const std::string& schema, const std::string& name);

} // namespace preflight
