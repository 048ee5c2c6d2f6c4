// One version for the library, the install script and the client.
#pragma once

namespace preflight {
constexpr const char* kVersion = "1.0.0";
} // namespace preflight
