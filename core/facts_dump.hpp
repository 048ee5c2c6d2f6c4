// A canonical text of a Catalog: the same facts print the same text, so the
// extension's facts and the client's catalog facts can be compared line by line.
#pragma once

#include "facts.hpp"

#include <string>

namespace preflight {

std::string dump_facts(const Catalog& catalog);

} // namespace preflight
