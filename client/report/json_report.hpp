// --format json: one document for CI, with the exact names (JSON escaping,
// ASCII only, makes them safe to print; nothing is stripped).
//
//   {"connection": {...}, "tls": {...}, "role": "r", "job": "source",
//    "options": {...}, "rows": [{...preflight.check columns...}], "verdict": {...}}
#pragma once

#include "../config/config.hpp"
#include "../connection/facts.hpp"
#include "../preflight/preflight.hpp"
#include "row_source.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace preflight::client {

// Writes the document piece by piece, one row at a time, byte for byte
// what json_text gives for the whole document as one tree: the rows are
// read once and never held together.
void write_json(std::ostream& out, const ConnectionFacts& facts, const std::string& origin,
                const CheckConfig& check, const PreflightResult& result, const RowSource& rows);

// A whole document's layout (the one write_json keeps piece by piece):
// indented, ASCII only, invalid UTF-8 replaced, DEL escaped, safe on a terminal.
std::string json_text(const nlohmann::ordered_json& document);

} // namespace preflight::client
