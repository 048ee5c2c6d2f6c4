// A job's two ends compared: what the source has that the destination lacks
// (schemas, tables, columns, user-defined types) makes the job fail however
// the grants are, and a column whose type differs may. Pure C++: the client
// reads each end's shape (client/preflight/shape.cpp) and adds these rows to
// the destination's report.
#pragma once

#include "facts.hpp"
#include "options.hpp"
#include "row.hpp"

#include <optional>
#include <tuple>
#include <string>
#include <vector>

namespace preflight {

struct ShapeColumn {
    std::string name;
    std::string type; // format_type(): "integer", "character varying(20)", "sales.status"
    bool not_null = false;
    bool generated = false; // never written: not compared
};

// A function or sequence a table's defaults, CHECK constraints or triggers
// use (outside pg_catalog), or one its database has.
struct ShapeObject {
    char kind = 'f'; // 'f' function, 'S' sequence
    std::string schema;
    std::string name;
    std::string arguments; // a function's identity arguments (overloads differ in them)
    Oid oid = kInvalidOid; // in its own database
    bool operator<(const ShapeObject& o) const {
        return std::tie(kind, schema, name, arguments) <
               std::tie(o.kind, o.schema, o.name, o.arguments);
    }
};

// A foreign key of a table: what it references.
struct ShapeReference {
    std::string schema;
    std::string table;
    std::vector<std::string> columns;
};

struct ShapeTable {
    std::string schema;
    std::string name;
    std::vector<ShapeColumn> columns; // in attnum order
    std::vector<std::string> primary_key;
    // init_tables would run DO blocks for it: a constraint, an index, a
    // trigger, a column of a user type or one whose default calls nextval.
    bool do_blocks = false;
    std::vector<ShapeObject> uses;          // functions and sequences it depends on
    std::vector<ShapeReference> references; // its foreign keys
};

// A user-defined type a column of the source uses.
struct ShapeType {
    std::string schema;
    std::string name;
    std::string shown;               // format_type(): as the columns of ShapeColumn::type name it
    char kind = 'e';                 // 'e' enum, 'd' domain, 'c' composite
    std::vector<std::string> labels; // an enum's labels, in order
    std::string base;                // a domain's base type, format_type()
    std::vector<std::pair<std::string, std::string>> attributes; // a composite's (name, type)
    Oid oid = kInvalidOid;                                       // in its own database
};

// An installed extension, or (available) one version the server could install.
struct ShapeExtension {
    std::string name;
    std::string version;
    std::string schema;   // installed: where; available: empty
    bool trusted = false; // available: a non-superuser with CREATE on the database may install it
};

struct Shape {
    std::vector<std::string> schemas;       // every non-system schema, by name
    std::vector<ShapeTable> tables;         // ordinary and partitioned tables, no partitions
    std::vector<ShapeType> types;           // user-defined types the tables' columns use
    std::vector<ShapeExtension> extensions; // installed, but plpgsql
    std::vector<ShapeExtension> available;  // pg_available_extension_versions
    std::vector<ShapeObject> objects;       // every user function and sequence
};

// The rows for what `destination` lacks of `source`'s tables (a schema, a
// table, a column, a type: privilege EXISTS, status missing, the DDL that
// creates it from the source's definition as the fix) and a warning for
// each column whose type differs. With init_tables the job creates absent
// schemas, tables and types itself (their needs are the create-tables
// rules'), so those are left out; absent columns of present tables are not
// created by it (CREATE TABLE IF NOT EXISTS skips the table).
Rows compare_shapes(const Shape& source, const Shape& destination, const JobOptions& options,
                    const std::string& role);

// What init_tables creates on the destination, from the source (the
// create-tables rule's Catalog::tables_to_create and extensions_to_create):
// the tables the destination lacks, each with the destination's oids of the
// user types its columns use and the types init would create (named: the
// schemas' oids are left for the destination's provider to find); and the
// source's extensions in the tables' schemas or public (as Neosync selects
// them) that the destination has not installed.
struct InitFromSource {
    std::vector<TableToCreate> tables;
    std::vector<ExtensionToCreate> extensions;
};
InitFromSource init_from_source(const Shape& source, const Shape& destination);

} // namespace preflight
