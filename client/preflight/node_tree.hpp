// What a stored expression (pg_node_tree, read as text over libpq) makes
// the executor do: the same facts the extension's walker finds
// (extension/expression.cpp), read from PostgreSQL's node text.
#pragma once

#include "../../core/privileges.hpp"

#include <string>
#include <vector>

namespace preflight::client {

struct NodeTreeFacts {
    std::vector<Oid> functions;         // FuncExpr and operator functions, first use order
    std::vector<Oid> nextval_sequences; // nextval('seq'::regclass)
    bool is_true = false;
    bool constant = true; // references no column outside subqueries
    bool sublink = false;
};

// Subqueries are skipped as the backend walker skips them.
NodeTreeFacts parse_node_tree(const std::string& text);

} // namespace preflight::client
