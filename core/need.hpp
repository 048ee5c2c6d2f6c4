// The building blocks of the rules: each call records what one statement
// needs of one object, as ok, missing or warning rows with via and fix.
#pragma once

#include "facts.hpp"
#include "quote.hpp"
#include "options.hpp"
#include "row.hpp"
#include "row_set.hpp"

#include <string>
#include <unordered_set>
#include <vector>

namespace preflight {

class Needs {
  public:
    Needs(const Catalog& catalog, Job job, const JobOptions& options, RowSink& out)
        : cat_(catalog), job_(job), opt_(options), out_(out),
          // About what the rules produce per table: the set need not grow.
          seen_(16 + catalog.table_order.size() * (job == Job::Destination ? 12 : 3)),
          role_ident_(quote_ident(catalog.role.name)) {}

    const Catalog& catalog() const { return cat_; }
    const JobOptions& options() const { return opt_; }
    Job job() const { return job_; }

    // LOGIN on the role and CONNECT on the database.
    void connect();
    // A database privilege (CREATE for schema creation).
    void database(AclMode bit, const char* step, const std::string& why);
    // A privilege on a schema, named by oid (in scope or referenced).
    void schema(Oid schema, AclMode bit, const char* step, const std::string& why);
    // The same, the reason being `why` and the quoted `name`: built only for
    // a new need (the rules ask for every table's schema, nearly always one
    // already asked).
    void schema(Oid schema, AclMode bit, const char* step, const char* why,
                const std::string& name);
    // A selected schema that does not exist.
    void absent_schema(const SchemaFacts& s, const char* step);
    // A table privilege held on the table or on each listed column: one
    // table row when the table-level grant is the fix, else one row per column.
    // `statement` is every table privilege the statement asks for at once
    // (see statement_mask.hpp); by default just `bit`.
    void columns(const TableFacts& t, AclMode bit, const std::vector<int>& attnums,
                 const char* step, const std::string& why, AclMode statement = 0);
    // A privilege on the table itself (TRUNCATE): no column form exists.
    void table(const TableFacts& t, AclMode bit, const char* step, const std::string& why);
    // A sequence privilege, satisfied by any bit of `bits` (nextval takes USAGE or UPDATE).
    void sequence(const SequenceFacts& s, AclMode bits, const char* step, const std::string& why);
    // Ownership of a sequence (ALTER SEQUENCE, TRUNCATE ... RESTART IDENTITY).
    void sequence_owner(const SequenceFacts& s, const char* step, const std::string& why);
    // EXECUTE on a function; `certain` false makes a missing privilege a warning.
    void function(Oid fn, const char* step, const std::string& why, bool certain = true);
    // USAGE on a type (and its schema) for CREATE TABLE.
    void type(const TypeFacts& t, const char* step);
    // The foreign-key check that runs as the referenced table's owner.
    void foreign_key_owner(const TableFacts& t, const ForeignKeyFacts& fk, const char* step);
    // Triggers that fire for `events` on the table.
    void triggers(const TableFacts& t, unsigned events, const char* step, const char* verb);
    // A warning with no privilege to grant (e.g. TRUNCATE of a referenced table).
    void warning(const TableFacts& t, const std::string& privilege, const char* step,
                 const std::string& detail, std::optional<std::string> fix);
    // A row about RLS on the table.
    void rls(const TableFacts& t, Status status, const char* step, const std::string& detail,
             std::optional<std::string> fix, std::optional<std::string> via = std::nullopt);

    const std::string& role_ident() const { return role_ident_; }
    bool owns(const Privileges& p) const;

  private:
    void push(Row row); // drops a row identical in object, privilege, step, status and fix
    // One privilege on one object: ok with how it is held, or missing with
    // the GRANT ... ON <KIND> <name> that fixes it. The object is named
    // (`kind` and `schema`.`name`, quoted; no schema for a database or a
    // schema) only when it is missing: most rows are ok.
    void privilege_row(Row r, const Privileges& p, AclMode bit, const char* kind,
                       const std::string* schema, const std::string& name, const std::string& why);
    void schema_row(Oid schema, AclMode bit, const char* step, const std::string& why);
    Row base_row(const char* type, std::optional<std::string> schema, std::string name, AclMode bit,
                 const char* step) const;

    // True the first time (kind, oid, bit, step) is asked: a repeated
    // schema or function need would only build a row that push() drops.
    bool first_time(char kind, Oid oid, AclMode bit, const char* step);

    const Catalog& cat_;
    Job job_;
    JobOptions opt_;
    RowSink& out_;
    RowSet seen_; // the needs already sent to out_
    std::string role_ident_;
    struct Asked {
        char kind;
        Oid oid;
        AclMode bit;
        const char* step;
        bool operator==(const Asked& o) const {
            return kind == o.kind && oid == o.oid && bit == o.bit && step == o.step;
        }
    };
    struct AskedHash {
        std::size_t operator()(const Asked& a) const;
    };
    std::unordered_set<Asked, AskedHash> asked_;
};

// Column attnums of a table matching a predicate, in order.
std::vector<int> all_columns(const TableFacts& t);
std::vector<int> written_columns(const TableFacts& t); // non-generated
const ColumnFacts* find_column(const TableFacts& t, int attnum);
std::string column_list(const TableFacts& t, const std::vector<int>& attnums);
// The table's name as SQL writes it: "schema"."name".
std::string table_label(const TableFacts& t);

} // namespace preflight
