// The SQL API: every function here is an entry point, declared with
// PREFLIGHT_SQL_FUNCTION (boundary.hpp). Output goes through materialized
// set-returning functions: the tuplestore spills to disk past work_mem.
#include "arguments.hpp"
#include "boundary.hpp"
#include "facts.hpp"
#include "row_datums.hpp"
#include "table_access.hpp"

#include <algorithm>

#include "../core/check.hpp"
#include "../core/facts_dump.hpp"
#include "../core/interrupts.hpp"
#include "../core/matrix.hpp"
#include "../core/options.hpp"
#include "../core/rls.hpp"
#include "../core/version.hpp"

static_assert(preflight::priv::kInsert == ACL_INSERT && preflight::priv::kSelect == ACL_SELECT &&
                  preflight::priv::kUpdate == ACL_UPDATE &&
                  preflight::priv::kDelete == ACL_DELETE &&
                  preflight::priv::kTruncate == ACL_TRUNCATE &&
                  preflight::priv::kExecute == ACL_EXECUTE &&
                  preflight::priv::kUsage == ACL_USAGE && preflight::priv::kCreate == ACL_CREATE &&
                  preflight::priv::kTemporary == ACL_CREATE_TEMP &&
                  preflight::priv::kConnect == ACL_CONNECT,
              "core privilege bits must match PostgreSQL's ACL_* bits");

extern "C" {
PG_MODULE_MAGIC;

// The core's long loops check for cancels through this (core/interrupts.hpp);
// a pending one comes back as pg::Error, which unwinds the core's frames.
PGDLLEXPORT void _PG_init(void);
void _PG_init(void) {
    preflight::interrupt_check = [] { preflight::pg::check_for_interrupts(); };
}
}

namespace preflight::ext {

using pg::call;

namespace {

// Appends rows to the materialized result, one short-lived context per row.
class ResultWriter {
  public:
    explicit ResultWriter(FunctionCallInfo fcinfo) {
        call([&] {
            InitMaterializedSRF(fcinfo, 0);
            rsinfo_ = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
            row_context_ = AllocSetContextCreate(CurrentMemoryContext, "pg_preflight row",
                                                 ALLOCSET_SMALL_SIZES);
        });
    }
    int columns() const { return rsinfo_->setDesc->natts; }

    // fill(values, nulls) runs inside pg::call with the row context current.
    template <typename Fill> void add(Fill&& fill) {
        pg::check_for_interrupts();
        Datum values[16];
        bool nulls[16];
        call([&] {
            MemoryContext old = MemoryContextSwitchTo(row_context_);
            fill(values, nulls);
            tuplestore_putvalues(rsinfo_->setResult, rsinfo_->setDesc, values, nulls);
            MemoryContextSwitchTo(old);
            MemoryContextReset(row_context_);
        });
    }

    // fill(values, nulls, item) for every item, many rows per pg::call and
    // per reset of the row context: one row at a time costs a PG_TRY and a
    // reset each, which adds up over a million rows.
    template <typename Items, typename Fill> void add_each(const Items& items, Fill&& fill) {
        constexpr std::size_t kBatch = 256;
        auto it = std::begin(items);
        const auto end = std::end(items);
        while (it != end) {
            pg::check_for_interrupts();
            call([&] {
                MemoryContext old = MemoryContextSwitchTo(row_context_);
                Datum values[16];
                bool nulls[16];
                for (std::size_t i = 0; i < kBatch && it != end; ++i, ++it) {
                    fill(values, nulls, *it);
                    tuplestore_putvalues(rsinfo_->setResult, rsinfo_->setDesc, values, nulls);
                }
                MemoryContextSwitchTo(old);
                MemoryContextReset(row_context_);
            });
        }
    }

  private:
    ReturnSetInfo* rsinfo_ = nullptr;
    MemoryContext row_context_ = nullptr;
};

Datum text_datum(const std::string& s) {
    return PointerGetDatum(cstring_to_text_with_len(s.data(), s.size()));
}
Datum name_datum(const std::string& s) {
    return DirectFunctionCall1(namein, CStringGetDatum(s.c_str()));
}

// The schema this function lives in: the extension's own.
Oid own_schema(FunctionCallInfo fcinfo) {
    return call([&] { return get_func_namespace(fcinfo->flinfo->fn_oid); });
}

// every_column: also the columns of tables the role reads whole (facts()
// compares all of them with the client's catalog reading).
Catalog gather_for_check(const CheckArguments& a, FunctionCallInfo fcinfo,
                         bool every_column = false) {
    Request request;
    static_cast<GatherPlan&>(request) = check_plan(a.job, a.options, every_column);
    request.role = a.role;
    request.own_schema = own_schema(fcinfo);
    request.schemas = a.schemas;
    return gather(request);
}

void run_check(FunctionCallInfo fcinfo, RowSink& out) {
    CheckArguments a = check_arguments(fcinfo);
    check(gather_for_check(a, fcinfo), a.job, a.options, out);
}

std::optional<std::string_view> maybe(const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

void fill_check_row(Datum* v, bool* n, const Row& r) {
    const RowField fields[] = {
        {r.object_type},
        {maybe(r.schema_name), true},
        {r.object_name},
        {maybe(r.column_name), true},
        {r.privilege},
        {r.needed_for},
        {status_name(r.status)},
        {maybe(r.via)},
        {r.detail},
        {maybe(r.fix)},
    };
    fill_row_datums(v, n, fields, std::size(fields));
}

// check()'s rows into the result as they come, a batch per pg::call.
class ResultRows final : public RowSink {
  public:
    explicit ResultRows(ResultWriter& out) : out_(out) { batch_.reserve(kBatch); }
    void add(Row&& row) override {
        batch_.push_back(std::move(row));
        if (batch_.size() == kBatch)
            flush();
    }
    void flush() {
        out_.add_each(batch_, fill_check_row);
        batch_.clear();
    }

  private:
    static constexpr std::size_t kBatch = 256;
    ResultWriter& out_;
    Rows batch_;
};

// The access matrices read only what their rows show: no column details.
Request matrix_request(FunctionCallInfo fcinfo, bool sequences, bool functions) {
    Request request;
    static_cast<GatherPlan&>(request) = matrix_plan(sequences, functions);
    request.role = role_argument(fcinfo, 0);
    request.schemas = schemas_argument(fcinfo, 1);
    request.own_schema = own_schema(fcinfo);
    return request;
}

Catalog gather_for_matrix(FunctionCallInfo fcinfo, bool sequences, bool functions) {
    return gather(matrix_request(fcinfo, sequences, functions));
}

void add_access(ResultWriter& out, const AccessRow& row, std::optional<bool> rls,
                bool named = true) {
    out.add([&](Datum* v, bool* n) {
        int i = 0;
        v[i] = name_datum(row.schema_name);
        n[i++] = false;
        if (named) {
            v[i] = text_datum(row.object_name);
            n[i++] = false;
        }
        for (bool held : row.held) {
            v[i] = BoolGetDatum(held);
            n[i++] = false;
        }
        if (rls) {
            v[i] = BoolGetDatum(*rls);
            n[i++] = false;
        }
        v[i] = text_datum(row.via);
        n[i++] = row.via.empty();
    });
}

} // namespace

} // namespace preflight::ext

using namespace preflight;
using namespace preflight::ext;

PREFLIGHT_SQL_FUNCTION(preflight_check) {
    ResultWriter out(fcinfo);
    ResultRows rows(out);
    run_check(fcinfo, rows);
    rows.flush();
    return Datum(0);
}

PREFLIGHT_SQL_FUNCTION(preflight_ready) {
    ReadySink verdict;
    run_check(fcinfo, verdict);
    return BoolGetDatum(verdict.ready);
}

PREFLIGHT_SQL_FUNCTION(preflight_fix_script) {
    FixScript fixes;
    run_check(fcinfo, fixes);
    std::string script = fixes.text();
    return call([&] { return text_datum(script); });
}

// The facts check() reads, as canonical text: compared with the client's
// catalog facts by the tests.
PREFLIGHT_SQL_FUNCTION(preflight_facts) {
    CheckArguments a = check_arguments(fcinfo);
    std::string text = dump_facts(gather_for_check(a, fcinfo, true));
    return call([&] { return text_datum(text); });
}

PREFLIGHT_SQL_FUNCTION(preflight_version) {
    return call([] { return text_datum(kVersion); });
}

// The options check() takes (core/options.hpp's table): for tools that
// build options objects, and for people who ask the server what it knows.
PREFLIGHT_SQL_FUNCTION(preflight_options) {
    struct OptionRow {
        std::string key, job, type, values, default_value, help;
    };
    std::vector<OptionRow> rows;
    for (const auto& o : kOptionTable)
        rows.push_back({o.key, job_name(o.job),
                        o.type == OptionSpec::Type::Boolean ? "boolean" : "choice", o.values_json(),
                        o.value_json(o.default_value()), o.help});
    ResultWriter out(fcinfo);
    out.add_each(rows, [&](Datum* v, bool* n, const OptionRow& r) {
        v[0] = text_datum(r.key);
        v[1] = text_datum(r.job);
        v[2] = text_datum(r.type);
        v[3] = DirectFunctionCall1(jsonb_in, CStringGetDatum(r.values.c_str()));
        v[4] = DirectFunctionCall1(jsonb_in, CStringGetDatum(r.default_value.c_str()));
        v[5] = text_datum(r.help);
        for (int i = 0; i < 6; ++i)
            n[i] = false;
    });
    return Datum(0);
}

PREFLIGHT_SQL_FUNCTION(preflight_table_access) {
    TableAccessMatrix m = table_access_matrix(matrix_request(fcinfo, false, false));
    ResultWriter out(fcinfo);
    out.add_each(m.tables, [&](Datum* v, bool* n, const TableAccessEntry& t) {
        const AccessRow& a = m.accesses[t.access];
        int i = 0;
        v[i] = name_datum(m.schema_names[t.schema]);
        n[i++] = false;
        v[i] = PointerGetDatum(cstring_to_text(NameStr(t.name)));
        n[i++] = false;
        for (bool held : a.held) {
            v[i] = BoolGetDatum(held);
            n[i++] = false;
        }
        v[i] = BoolGetDatum(t.rls_limits);
        n[i++] = false;
        v[i] = text_datum(a.via);
        n[i++] = a.via.empty();
    });
    return Datum(0);
}

PREFLIGHT_SQL_FUNCTION(preflight_sequence_access) {
    Catalog cat = gather_for_matrix(fcinfo, true, false);
    std::vector<const SequenceFacts*> seqs;
    for (const auto& entry : cat.sequences) {
        // Not a structured binding: a C++17 lambda cannot capture one (clang).
        const SequenceFacts& q = entry.second;
        if (std::any_of(cat.schemas.begin(), cat.schemas.end(),
                        [&](const SchemaFacts& s) { return s.exists && s.oid == q.schema; }))
            seqs.push_back(&q);
    }
    std::sort(seqs.begin(), seqs.end(), [](const SequenceFacts* a, const SequenceFacts* b) {
        return a->schema_name != b->schema_name ? a->schema_name < b->schema_name
                                                : a->name < b->name;
    });
    ResultWriter out(fcinfo);
    for (const auto* q : seqs)
        add_access(out,
                   access_row(cat.role, q->schema_name, q->name, q->priv,
                              {priv::kUsage, priv::kSelect, priv::kUpdate}, true),
                   std::nullopt);
    return Datum(0);
}

PREFLIGHT_SQL_FUNCTION(preflight_function_access) {
    Catalog cat = gather_for_matrix(fcinfo, false, true);
    std::vector<const FunctionFacts*> fns;
    for (const auto& [oid, f] : cat.functions)
        fns.push_back(&f);
    std::sort(fns.begin(), fns.end(), [](const FunctionFacts* a, const FunctionFacts* b) {
        if (a->schema_name != b->schema_name)
            return a->schema_name < b->schema_name;
        if (a->name != b->name)
            return a->name < b->name;
        return a->arguments < b->arguments;
    });
    ResultWriter out(fcinfo);
    for (const auto* f : fns)
        add_access(out,
                   access_row(cat.role, f->schema_name, f->name + "(" + f->arguments + ")", f->priv,
                              {priv::kExecute}, false),
                   std::nullopt);
    return Datum(0);
}

PREFLIGHT_SQL_FUNCTION(preflight_schema_access) {
    Catalog cat = gather_for_matrix(fcinfo, false, false);
    ResultWriter out(fcinfo);
    for (const auto& s : cat.schemas) {
        if (!s.exists)
            continue;
        add_access(
            out, access_row(cat.role, s.name, s.name, s.priv, {priv::kUsage, priv::kCreate}, false),
            std::nullopt, false);
    }
    return Datum(0);
}
