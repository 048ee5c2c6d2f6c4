// The exit statuses, in the spirit of pg_isready: small, documented, stable.
#pragma once

namespace preflight::client {

enum class Outcome {
    Ready,                // connected, nothing missing (warnings allowed)
    NotReady,             // connected, something missing
    ConnectionFailed,     // could not connect, or the server failed the check
    InvalidConfiguration, // nothing attempted
    Interrupted,          // Ctrl-C
};

// 0, 1, 2, 3 and 130 (128 + SIGINT, what a shell reports for Ctrl-C).
int exit_status(Outcome outcome);

} // namespace preflight::client
