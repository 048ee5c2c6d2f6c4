// Where the rows come from, as the user asked (--source): a choice made in
// the configuration and carried out by the preflight layer.
#pragma once

namespace preflight::client {

enum class Source { Auto, Extension, Catalog }; // Auto: the extension when installed

// "auto", "extension" or "catalog" (config/job.cpp).
const char* source_name(Source source);

} // namespace preflight::client
