#include "expression.hpp"

#include "boundary.hpp"

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

} // namespace preflight::pg
