// Passwords never reach any output. Every message that may hold a URL or a
// conninfo string goes through redact(): it hides the password of a URI's
// user info, a password= pair of a conninfo string or a URI query, and every
// password the program has seen (Secrets), wherever it appears.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace preflight::client {

inline constexpr const char* kRedacted = "****";

// The passwords this run knows of: from the URL, --password-stdin, PGPASSWORD.
class Secrets {
  public:
    void add(std::string secret); // empty strings are ignored
    const std::vector<std::string>& all() const { return secrets_; }

  private:
    std::vector<std::string> secrets_;
};

std::string redact(std::string_view text, const Secrets& secrets = {});

// Messages become one line: line breaks and tabs fold into "; " and " ",
// and a line said twice is said once.
std::string one_line(std::string_view text);

} // namespace preflight::client
