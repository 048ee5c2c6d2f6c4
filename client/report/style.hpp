// Colour for a person at a terminal; plain text for pipes, files, CI logs,
// and for anyone who set NO_COLOR (https://no-color.org), whatever its value.
#pragma once

#include "../config/environment.hpp"

#include <string>

namespace preflight::client {

bool colour_wanted(bool is_tty, const Environment& env);

class Style {
  public:
    explicit Style(bool colour) : colour_(colour) {}
    std::string good(const std::string& s) const { return wrap("32", s); }
    std::string bad(const std::string& s) const { return wrap("1;31", s); }
    std::string warn(const std::string& s) const { return wrap("33", s); }
    std::string bold(const std::string& s) const { return wrap("1", s); }
    std::string dim(const std::string& s) const { return wrap("2", s); }

  private:
    std::string wrap(const char* code, const std::string& s) const {
        return colour_ ? "\x1b[" + std::string(code) + "m" + s + "\x1b[0m" : s;
    }
    bool colour_;
};

} // namespace preflight::client
