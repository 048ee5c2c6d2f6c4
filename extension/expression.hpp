// What a stored expression (pg_node_tree) makes the executor do: the
// functions it calls, whether it reads columns or other tables.
#pragma once

#include "pg.hpp"

#include <vector>

namespace preflight::pg {

struct ExpressionFacts {
    std::vector<Oid> functions;         // FuncExpr and operator functions, each once
    std::vector<Oid> nextval_sequences; // nextval('seq'::regclass)
    bool is_true = false;               // the constant true
    bool constant = true;               // references no column
    bool sublink = false;               // contains a subquery
};

// Parses and walks a pg_node_tree datum; raises pg::Error when PostgreSQL does.
ExpressionFacts analyze_expression(Datum node_tree);

} // namespace preflight::pg
