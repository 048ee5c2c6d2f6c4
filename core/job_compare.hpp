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
#include <string>
#include <vector>

namespace preflight {

struct ShapeColumn {
    std::string name;
    std::string type; // format_type(): "integer", "character varying(20)", "sales.status"
    bool not_null = false;
    bool generated = false; // never written: not compared
};

struct ShapeTable {
    std::string schema;
    std::string name;
    std::vector<ShapeColumn> columns; // in attnum order
    std::vector<std::string> primary_key;
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
};

struct Shape {
    std::vector<std::string> schemas; // every non-system schema, by name
    std::vector<ShapeTable> tables;   // ordinary and partitioned tables, no partitions
    std::vector<ShapeType> types;     // user-defined types the tables' columns use
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

// The source's tables the destination lacks, for init_tables' rule
// (Catalog::tables_to_create): named, the schema's oid left for the
// destination's provider to find.
std::vector<TableToCreate> tables_to_create(const Shape& source, const Shape& destination);

} // namespace preflight
