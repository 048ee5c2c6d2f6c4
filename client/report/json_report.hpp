// --format json: one document for CI, with the exact names (JSON escaping,
// ASCII only, makes them safe to print; nothing is stripped).
//
//   {"connection": {...}, "tls": {...}, "role": "r", "job": "source",
//    "options": {...}, "rows": [{...preflight.check columns...}], "verdict": {...}}
#pragma once

#include "../config/config.hpp"
#include "../connection/facts.hpp"
#include "../preflight/preflight.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace preflight::client {

nlohmann::ordered_json json_document(const ConnectionFacts& facts, const std::string& origin,
                                     const CheckConfig& check, const PreflightResult& result);

// Indented, ASCII only, invalid UTF-8 replaced, DEL escaped: safe on a terminal.
std::string json_text(const nlohmann::ordered_json& document);

} // namespace preflight::client
