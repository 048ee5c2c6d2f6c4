// Neosync's own sync file (`neosync sync --config FILE`, Neosync 0.5.41's
// cli/internal/cmds/neosync/sync/sync.go): its destination block becomes a
// destination of ours. Its source names a connection of Neosync's service,
// which we cannot resolve: the command line gives the source.
#pragma once

#include "job_file.hpp"

#include <string>

namespace preflight::client {

// The destination of the file: connection-url, driver (postgres only),
// init-schema (init_tables), truncate-before-insert (truncate),
// truncate-cascade (truncate and truncate_cascade), on-conflict do-nothing
// / do-update. Keys Neosync reads but that change nothing here are
// accepted; any other is refused at its line and column. Throws ConfigError.
EndpointSpec read_neosync_config(const std::string& path);
EndpointSpec parse_neosync_config(const std::string& text, const std::string& path);

} // namespace preflight::client
