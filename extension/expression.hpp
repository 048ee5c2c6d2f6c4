// What a stored expression (pg_node_tree) makes the executor do: the
// functions it calls, whether it reads columns or other tables.
#pragma once

#include "pg.hpp"

#include "../core/facts.hpp"

namespace preflight::pg {

// Parses and walks a pg_node_tree datum; raises pg::Error when PostgreSQL does.
preflight::ExpressionFacts analyze_expression(Datum node_tree);

} // namespace preflight::pg
