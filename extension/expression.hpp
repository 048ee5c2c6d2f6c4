// What a stored expression (pg_node_tree) makes the executor do: the
// functions it calls, whether it reads columns or other tables.
#pragma once

#include "pg.hpp"

#include "../core/facts.hpp"

#include <optional>

namespace preflight::pg {

// Parses and walks a pg_node_tree datum; raises pg::Error when PostgreSQL does.
preflight::ExpressionFacts analyze_expression(Datum node_tree);

// The sequence of a default that is exactly nextval('<sequence>'::regclass),
// the shape serial columns get, read from the node text without parsing it
// (parsing every serial default is most of a large catalog's cost);
// nullopt for any other shape, which then needs analyze_expression.
std::optional<Oid> plain_nextval_sequence(Datum node_tree);

} // namespace preflight::pg
