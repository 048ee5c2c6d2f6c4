// What a stored expression (pg_node_tree, read as text over libpq) makes
// the executor do: the same facts the extension's walker finds
// (extension/expression.cpp), read from PostgreSQL's node text.
#pragma once

#include "../../core/facts.hpp"

#include <string>

namespace preflight::client {

// Subqueries are skipped as the backend walker skips them.
ExpressionFacts parse_node_tree(const std::string& text);

} // namespace preflight::client
