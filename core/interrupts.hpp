// Long loops of the rules ask here whether to stop. The core knows nothing of
// PostgreSQL: the extension installs its interrupt check (a pending cancel or
// statement_timeout throws out of it), the client installs nothing.
#pragma once

namespace preflight {

using InterruptCheck = void (*)();

// Set once when the library loads; nullptr: never interrupted.
inline InterruptCheck interrupt_check = nullptr;

// Called once per row or table: cheap when nothing is pending. May throw.
inline void check_interrupts() {
    if (interrupt_check)
        interrupt_check();
}

} // namespace preflight
