// One rule per job step (steps.hpp's table names them): each sends, through
// the row builder, a row for every object and privilege its statements need.
#pragma once

#include "row_builder.hpp"

namespace preflight {

void connect_step(RowBuilder& n); // rules_connect.cpp

void read_step(RowBuilder& n); // rules_source.cpp
void read_sequences_step(RowBuilder& n);

void create_schemas_step(RowBuilder& n); // rules_destination.cpp
void create_tables_step(RowBuilder& n);
void truncate_step(RowBuilder& n);
void write_step(RowBuilder& n);
void upsert_step(RowBuilder& n);
void update_foreign_keys_step(RowBuilder& n);
void reset_sequences_step(RowBuilder& n);

} // namespace preflight
