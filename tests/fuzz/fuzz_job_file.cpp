// libFuzzer target: a job file (config/job_file.cpp) and a Neosync sync
// file (config/neosync_config.cpp), as YAML text.
//
// Promises checked: only ConfigError escapes parsing and validating every
// end; no message or warning shows the password the environment holds for
// password_env (the seeds never hold it, so only our code could print it).
#include "invariants.hpp"

#include "config/job_file.hpp"
#include "config/neosync_config.hpp"

#include <exception>
#include <string>

namespace pc = preflight::client;
namespace pf = preflight::fuzz;

namespace {

constexpr const char* kPassword = "Fz-pw-7d1c";

void check_message(const std::string& text) {
    pf::require(text.find(kPassword) == std::string::npos, "the password is never shown", text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const pc::Environment env = pc::Environment::fixed({
        {"USER_DEFINED_SRC", "postgresql://reader@src.example.com/shop"},
        {"USER_DEFINED_DST", "postgresql://writer@dst.example.com/shop"},
        {"USER_DEFINED_PW", kPassword},
    });
    try {
        for (const auto& job : pc::parse_job_file(text, "jobs.yaml")) {
            pc::Secrets secrets;
            pc::Config c = pc::endpoint_config(job.source, env, secrets);
            for (const auto& w : c.warnings)
                check_message(pc::redact(w, secrets));
            for (const auto& d : job.destinations)
                pc::endpoint_config(d, env, secrets);
        }
    } catch (const pc::ConfigError& e) {
        check_message(e.what());
        check_message(e.hint());
    } catch (const std::exception& e) {
        pf::broken("only ConfigError escapes a job file", e.what());
    }
    try {
        pc::parse_neosync_config(text, "sync.yaml");
    } catch (const pc::ConfigError& e) {
        check_message(e.what());
    } catch (const std::exception& e) {
        pf::broken("only ConfigError escapes a Neosync config", e.what());
    }
    return 0;
}
