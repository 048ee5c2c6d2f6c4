// --format github: GitHub Actions workflow commands. An ::error line per
// missing row (title: the connection and what is missing; message: the
// detail and the fix), a ::warning per warning, an ::error per connection
// that could not be checked, then one plain summary line. The runner reads
// them from the step's output and shows them as annotations.
#pragma once

#include "targets.hpp"

#include <ostream>

namespace preflight::client {

void write_github(std::ostream& out, const std::vector<TargetReport>& targets);

// The escaping the runner undoes: % CR LF in a message; also : and , in a
// property (title=...). Controls and escape sequences are dropped first.
std::string github_message(std::string_view text);
std::string github_property(std::string_view text);

// The run's one-line summary (also the last line of --format github).
std::string summary_line(const Tally& t);

} // namespace preflight::client
