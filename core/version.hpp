// One version for the library, the install script and the client: the
// Makefile's EXTVERSION, passed in by make (-D) and by CMake (which reads it).
#pragma once

#ifndef PREFLIGHT_VERSION
#error "PREFLIGHT_VERSION is the Makefile's EXTVERSION: build with make or CMake"
#endif

namespace preflight {
constexpr const char* kVersion = PREFLIGHT_VERSION;
} // namespace preflight
