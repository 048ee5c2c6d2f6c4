// --format junit: JUnit XML as Jenkins, GitLab and GitHub test reporters
// read it (tests/formats/junit.xsd is the shape it keeps to). A testsuite
// per job and connection; a testcase per object and job step, with a
// <failure> per missing privilege (message: the detail; text: the fix) and
// its warnings in <system-out>, or <skipped> when warnings are all it has;
// a connection that could not be checked is one testcase with an <error>.
#pragma once

#include "targets.hpp"

#include <ostream>

namespace preflight::client {

void write_junit(std::ostream& out, const std::vector<TargetReport>& targets);

} // namespace preflight::client
