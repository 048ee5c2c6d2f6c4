// Row-level security as rowsecurity.c applies it: which policies apply to a
// command, whether a write can pass at all, and which policy functions the
// executor must call (and so needs EXECUTE on).
#pragma once

#include "row_builder.hpp"

namespace preflight {

// The expression a policy contributes for a command side: USING filters
// existing rows; WITH CHECK (falling back to USING) checks new ones.
enum class PolicySide { Using, Check };

// Why RLS does not apply to the role on this table, or nullopt when it does
// (check_enable_rls: superuser or BYPASSRLS; the owner unless FORCE).
std::optional<std::string> rls_bypass(const Catalog& cat, const TableFacts& t);
// Whether row-level security filters what the role sees of a table with
// this owner (the same decision as rls_bypass, without the reason).
bool rls_applies(const RoleFacts& role, const Privileges& p, bool enabled, bool forced);

// A source read: warns when policies filter rows, and needs EXECUTE on the
// functions the SELECT policies make the executor call.
// `consequence`, when given, says what hidden rows mean for the step.
void rls_read(RowBuilder& n, const TableFacts& t, Step step, const char* consequence = nullptr);

// A check every new row must pass (WithCheckOption): with no permissive
// policy for `command` the statement fails, so that row is missing.
// `side` picks USING (for SELECT policies enforced on new rows) or WITH CHECK.
void rls_new_rows(RowBuilder& n, const TableFacts& t, char command, PolicySide side, Step step,
                  const char* verb);

// An UPDATE's filter: rows the USING clauses hide are skipped silently, so
// that is a warning; the functions called still need EXECUTE.
void rls_update(RowBuilder& n, const TableFacts& t, Step step);

} // namespace preflight
