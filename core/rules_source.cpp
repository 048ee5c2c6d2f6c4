// The source job (JOBS.md): read every column of every table, read sequences.
#include "rls.hpp"
#include "rules.hpp"

namespace preflight {

void read_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    for (const auto& s : cat.schemas) {
        if (s.exists) {
            n.schema(s.oid, priv::kUsage, Step::Read, "read the tables of schema", s.name);
            continue;
        }
        Row r = n.row("schema", s.name, s.name, priv::kUsage, Step::Read);
        r.status = Status::Missing;
        r.detail = "Schema " + quote_ident(s.name) +
                   " does not exist, so there is nothing to read: check the name.";
        n.add(std::move(r));
    }
    for (const TableFacts* t : n.tables()) {
        n.columns(*t, priv::kSelect, all_columns(*t), Step::Read, "read " + table_label(*t));
        rls_read(n, *t, Step::Read);
    }
}

void read_sequences_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    for (const TableFacts* t : n.tables()) {
        for (Oid q : t->sequences) {
            const SequenceFacts& s = cat.sequences.at(q);
            n.schema(s.schema, priv::kUsage, Step::ReadSequences, "read the sequences of schema",
                     s.schema_name);
            n.sequence(s, priv::kSelect, Step::ReadSequences, "read its last_value and is_called");
        }
    }
}

} // namespace preflight
