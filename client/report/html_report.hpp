// --format html: one self-contained page for people (no network: a
// Content-Security-Policy forbids every fetch; no external script, font or
// image). At the top the verdict of every job and connection; then, per
// connection, a grid of its tables (down) and job steps (across), each
// cell ok / missing / warning, its rows' details and fixes on click, the
// other objects' rows, and the fix script ready to copy.
//
// Names from the database only ever reach the page as JSON data (with <, >
// and & escaped) that the page's script puts in place with textContent:
// markup in a name stays text. Large catalogs stay small: a table is its
// name and a string of cell codes, details are stored once with the
// object's name left out, and a ready schema is one line until opened
// (its tables are drawn then, a few hundred at a time).
#pragma once

#include "targets.hpp"

#include <ostream>

namespace preflight::client {

void write_html(std::ostream& out, const std::vector<TargetReport>& targets);

} // namespace preflight::client
