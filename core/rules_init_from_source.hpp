// init_tables' needs for what the destination lacks and the source has
// (Catalog::tables_to_create, extensions_to_create; a job file's two ends
// fill them): part of the create-tables step (rules_destination.cpp).
#pragma once

#include "row_builder.hpp"

namespace preflight {

// CREATE EXTENSION IF NOT EXISTS for the source's extensions the
// destination has not installed; the job survives each failure.
void create_extensions(RowBuilder& n);

// The DO blocks that create absent types, CREATE TABLE IF NOT EXISTS for
// absent tables and the DO blocks that complete them. Returns whether any
// DO block runs (USAGE on plpgsql is the caller's: one row for the step).
bool create_absent_tables(RowBuilder& n);

} // namespace preflight
