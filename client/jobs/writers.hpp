// The reports of a run over many ends in the formats that keep each end's
// own report whole: text (a block per connection, then the verdicts), the
// JSON document (a section per connection), the fix scripts (one stream,
// or a file per connection).
#pragma once

#include "end.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace preflight::client {

void write_text(std::ostream& out, const std::vector<End>& ends, std::size_t files);
void write_fix(std::ostream& out, const std::vector<End>& ends);
void write_fix_files(const std::string& dir, const std::vector<End>& ends);
void write_json_document(std::ostream& out, const std::vector<std::string>& files,
                         const std::vector<End>& ends);

} // namespace preflight::client
