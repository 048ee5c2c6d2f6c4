// Builds and deduplicates the rows the rules ask for: each call records
// what one statement needs of one object as an ok row with how it is held,
// or a missing row with the GRANT that fixes it. What a step needs, and
// fixes other than a plain GRANT, are the rules' (rules_*.cpp, rls.cpp).
#pragma once

#include "facts.hpp"
#include "options.hpp"
#include "quote.hpp"
#include "row.hpp"
#include "row_set.hpp"
#include "steps.hpp"

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace preflight {

class RowBuilder {
  public:
    RowBuilder(const Catalog& catalog, Job job, const JobOptions& options, RowSink& out)
        : cat_(catalog), opt_(options), out_(out),
          // About what the rules produce per table: the set need not grow.
          seen_(16 + catalog.table_order.size() * (job == Job::Destination ? 12 : 3)),
          role_ident_(quote_ident(catalog.role.name)), tables_(catalog.ordered_tables()) {}

    const Catalog& catalog() const { return cat_; }
    const JobOptions& options() const { return opt_; }
    // The in-scope tables in (schema, name) order, looked up once for every
    // step's pass over them.
    const std::vector<const TableFacts*>& tables() const { return tables_; }

    // A row about an object, to fill and add(): `bit` names the privilege
    // (0: the caller sets it).
    Row row(const char* type, std::optional<std::string> schema, std::string name, AclMode bit,
            Step step) const;
    // Sends a row on, unless one identical in object, privilege, step,
    // status and fix was sent already.
    void add(Row row);

    // A database privilege (CONNECT, CREATE for schema creation).
    void database(AclMode bit, Step step, const std::string& why);
    // A privilege on a schema, named by oid (in scope or referenced).
    void schema(Oid schema, AclMode bit, Step step, const std::string& why);
    // The same, the reason being `why` and the quoted `name`: built only for
    // a new need (the rules ask for every table's schema, nearly always one
    // already asked).
    void schema(Oid schema, AclMode bit, Step step, const char* why, const std::string& name);
    // A table privilege held on the table or on each listed column: one
    // table row when the table-level grant is the fix, else one row per column.
    // `statement` is every table privilege the statement asks for at once
    // (see statement_mask.hpp); by default just `bit`.
    void columns(const TableFacts& t, AclMode bit, const std::vector<int>& attnums, Step step,
                 const std::string& why, AclMode statement = 0);
    // A privilege on the table itself (TRUNCATE): no column form exists.
    void table(const TableFacts& t, AclMode bit, Step step, const std::string& why);
    // A sequence privilege, satisfied by any bit of `bits` (nextval takes USAGE or UPDATE).
    void sequence(const SequenceFacts& s, AclMode bits, Step step, const std::string& why);
    // Ownership of a sequence: ok with how it is held, or missing with
    // "Only the owner ... may <why>." and what `fix` adds (called only then).
    struct OwnerFix {
        std::string detail; // appended to the detail
        Fix fix;
    };
    void sequence_owner(const SequenceFacts& s, Step step, const std::string& why,
                        const std::function<OwnerFix()>& fix);
    // EXECUTE on a function; `certain` false makes a missing privilege a warning.
    void function(Oid fn, Step step, const std::string& why, bool certain = true);
    // USAGE on a type (and its schema) for CREATE TABLE.
    void type(const TypeFacts& t, Step step);
    // A warning about a table with no privilege to grant (e.g. TRUNCATE of a referenced table).
    void warning(const TableFacts& t, const std::string& privilege, Step step,
                 const std::string& detail, std::optional<Fix> fix);
    // A row about RLS on the table.
    void rls(const TableFacts& t, Status status, Step step, const std::string& detail,
             std::optional<Fix> fix, std::optional<std::string> via = std::nullopt);

    // USAGE on a procedural language (init's DO blocks: plpgsql).
    void language(const LanguageFacts& l, AclMode bit, Step step, const std::string& why);

    // While one lives, every missing row adds `note` to its detail: the
    // statement fails, Neosync logs it and goes on, and the note says what
    // the job then leaves behind (JOBS.md: failures the job survives).
    class Survivable {
      public:
        Survivable(RowBuilder& n, const char* note) : n_(n), saved_(n.survives_) {
            n.survives_ = note;
        }
        ~Survivable() { n_.survives_ = saved_; }
        Survivable(const Survivable&) = delete;
        Survivable& operator=(const Survivable&) = delete;

      private:
        RowBuilder& n_;
        const char* saved_;
    };

    const std::string& role_ident() const { return role_ident_; }
    bool owns(const Privileges& p) const;
    // GRANT <bit> ON <on> TO <grantee>; with the order a grant of it runs in.
    static Fix grant(AclMode bit, const char* kind, const std::string& on,
                     const std::string& grantee);

  private:
    // One privilege on one object: ok with how it is held, or missing with
    // the GRANT ... ON <KIND> <name> that fixes it. The object is named
    // (`kind` and `schema`.`name`, quoted; no schema for a database or a
    // schema) only when it is missing: most rows are ok.
    void privilege_row(Row r, const Privileges& p, AclMode bit, const char* kind,
                       const std::string* schema, const std::string& name, const std::string& why);
    void schema_row(Oid schema, AclMode bit, Step step, const std::string& why);

    // True the first time (kind, oid, bit, step) is asked: a repeated
    // schema or function need would only build a row that add() drops.
    bool first_time(char kind, Oid oid, AclMode bit, Step step);

    const Catalog& cat_;
    JobOptions opt_;
    RowSink& out_;
    RowSet seen_; // the rows already sent to out_
    std::string role_ident_;
    std::vector<const TableFacts*> tables_;
    const char* survives_ = nullptr; // see Survivable
    struct Asked {
        char kind;
        Oid oid;
        AclMode bit;
        Step step;
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
// The columns an INSERT of the job lists: with column_defaults "generate"
// every column (those with a default, identity and generated ones get
// DEFAULT), else the non-generated ones.
std::vector<int> insert_columns(const TableFacts& t, const JobOptions& o);
// Whether the column's value comes from DEFAULT in the job's INSERT.
bool sent_as_default(const ColumnFacts& c, const JobOptions& o);
const ColumnFacts* find_column(const TableFacts& t, int attnum);
std::string column_list(const TableFacts& t, const std::vector<int>& attnums);
// The table's name as SQL writes it: "schema"."name".
std::string table_label(const TableFacts& t);

} // namespace preflight
