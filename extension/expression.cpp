#include "expression.hpp"

#include "boundary.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace preflight::pg {

namespace {

// Filled by the walker inside pg::call: PostgreSQL lists only, so a longjmp
// out of the walker leaves no C++ object behind.
struct WalkState {
    List* functions;
    List* sequences;
    bool has_var;
    bool has_sublink;
};

bool walk(Node* node, void* context) {
    auto* state = static_cast<WalkState*>(context);
    if (node == nullptr)
        return false;
    switch (nodeTag(node)) {
    case T_Var:
        state->has_var = true;
        break;
    case T_FuncExpr: {
        auto* f = reinterpret_cast<FuncExpr*>(node);
        state->functions = list_append_unique_oid(state->functions, f->funcid);
        if (f->funcid == F_NEXTVAL && list_length(f->args) == 1 && IsA(linitial(f->args), Const)) {
            auto* c = static_cast<Const*>(linitial(f->args));
            if (c->consttype == REGCLASSOID && !c->constisnull)
                state->sequences = lappend_oid(state->sequences, DatumGetObjectId(c->constvalue));
        }
        break;
    }
    case T_OpExpr:
    case T_DistinctExpr:
    case T_NullIfExpr: {
        auto* op = reinterpret_cast<OpExpr*>(node);
        set_opfuncid(op);
        state->functions = list_append_unique_oid(state->functions, op->opfuncid);
        break;
    }
    case T_ScalarArrayOpExpr: {
        auto* op = reinterpret_cast<ScalarArrayOpExpr*>(node);
        set_sa_opfuncid(op);
        state->functions = list_append_unique_oid(state->functions, op->opfuncid);
        break;
    }
    case T_SubLink:
        // The subquery is a Query, not an expression: note it, walk only the test.
        state->has_sublink = true;
        return walk(reinterpret_cast<SubLink*>(node)->testexpr, context);
    default:
        break;
    }
    // PostgreSQL 15 declares the walker as bool (*)(); cast through void (*)().
    return expression_tree_walker(
        node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(walk)), context);
}

} // namespace

preflight::ExpressionFacts analyze_expression(Datum node_tree) {
    WalkState state{nullptr, nullptr, false, false};
    bool is_true = false;
    call([&] {
        Node* node = static_cast<Node*>(stringToNode(TextDatumGetCString(node_tree)));
        if (node && IsA(node, Const)) {
            auto* c = reinterpret_cast<Const*>(node);
            is_true = c->consttype == BOOLOID && !c->constisnull && DatumGetBool(c->constvalue);
        }
        walk(node, &state);
    });
    preflight::ExpressionFacts facts;
    facts.is_true = is_true;
    facts.constant = !state.has_var;
    facts.sublink = state.has_sublink;
    ListCell* lc;
    foreach (lc, state.functions)
        facts.functions.push_back(lfirst_oid(lc));
    foreach (lc, state.sequences)
        facts.nextval_sequences.push_back(lfirst_oid(lc));
    return facts;
}

namespace {

// Reads a by-value Datum as outDatum writes it: "<length> [ b0 b1 ... ]",
// sizeof(Datum) signed bytes in memory order (readDatum's inverse).
std::optional<Datum> read_byval_datum(std::string_view text) {
    // "8 [ b0 ... b7 ]" takes at most 50 bytes; a copy bounds strtol.
    std::string rest(text.substr(0, 96));
    const char* p = rest.c_str();
    char* end = nullptr;
    std::strtoul(p, &end, 10);
    if (end == p)
        return std::nullopt;
    p = end;
    while (*p == ' ')
        ++p;
    if (*p++ != '[')
        return std::nullopt;
    char bytes[sizeof(Datum)];
    for (std::size_t i = 0; i < sizeof(Datum); ++i) {
        const long b = std::strtol(p, &end, 10);
        if (end == p || b < -128 || b > 255)
            return std::nullopt;
        bytes[i] = static_cast<char>(b);
        p = end;
    }
    while (*p == ' ')
        ++p;
    if (*p != ']')
        return std::nullopt;
    Datum d;
    std::memcpy(&d, bytes, sizeof d);
    return d;
}

} // namespace

std::optional<Oid> plain_nextval_sequence(Datum node_tree) {
    // A view of the text in the caller's per-row memory: no copy (this runs
    // once per default of every table).
    std::string_view node;
    call([&] {
        ::text* t = DatumGetTextPP(node_tree);
        node = std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
    });
    static const std::string call_head = "{FUNCEXPR :funcid " + std::to_string(F_NEXTVAL) + " ";
    static const std::string arg = ":args ({CONST :consttype " + std::to_string(REGCLASSOID) + " ";
    // Two nodes, the call and its one constant argument, or three with an
    // implicit cast around the call (int4(nextval(...)) for serial).
    const auto nodes = std::count(node.begin(), node.end(), '{');
    const auto at_call = node.find(call_head);
    if (at_call == std::string_view::npos)
        return std::nullopt;
    if (nodes == 3) {
        const std::string_view cast = node.substr(0, at_call);
        if (cast.rfind("{FUNCEXPR :funcid ", 0) != 0 ||
            cast.find(":funcformat 2 ") == std::string_view::npos ||
            cast.substr(cast.size() - std::min<std::size_t>(cast.size(), 7)) != ":args (")
            return std::nullopt;
    } else if (nodes != 2 || at_call != 0) {
        return std::nullopt;
    }
    const auto args = node.find(arg, at_call);
    if (args == std::string_view::npos ||
        node.find(":constbyval true", args) == std::string_view::npos ||
        node.find(":constisnull false", args) == std::string_view::npos)
        return std::nullopt;
    constexpr std::string_view value = ":constvalue ";
    const auto at = node.find(value, args);
    if (at == std::string_view::npos)
        return std::nullopt;
    auto d = read_byval_datum(node.substr(at + value.size()));
    if (!d)
        return std::nullopt;
    return DatumGetObjectId(*d);
}

} // namespace preflight::pg
