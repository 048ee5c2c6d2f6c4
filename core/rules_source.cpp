// The source job: connect, read every column of every table, read sequences.
#include "check.hpp"
#include "need.hpp"
#include "rls.hpp"

namespace preflight {

void source_rules(Needs& n) {
    const Catalog& cat = n.catalog();
    for (const auto& s : cat.schemas) {
        if (!s.exists)
            n.absent_schema(s, "read");
        else
            n.schema(s.oid, priv::kUsage, "read", "read the tables of schema", s.name);
    }
    const auto tables = cat.ordered_tables();
    for (const TableFacts* t : tables) {
        n.columns(*t, priv::kSelect, all_columns(*t), "read", "read " + table_label(*t));
        rls_read(n, *t, "read");
    }
    for (const TableFacts* t : tables) {
        for (Oid q : t->sequences) {
            const SequenceFacts& s = cat.sequences.at(q);
            n.schema(s.schema, priv::kUsage, "read sequences", "read the sequences of schema",
                     s.schema_name);
            n.sequence(s, priv::kSelect, "read sequences", "read its last_value and is_called");
        }
    }
}

} // namespace preflight
