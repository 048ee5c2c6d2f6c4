// What the selected tables are made of: columns, defaults, sequence links,
// constraints, unique indexes, policies and triggers. One scan per catalog.
#include "acl_mask.hpp"
#include "expression.hpp"
#include "gather_state.hpp"
#include "scan.hpp"

#include "../core/statement_mask.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace preflight::ext {

using pg::call;

namespace {

std::vector<int> int2_array(Datum d) {
    std::vector<int> out;
    int16* values = nullptr;
    int n = 0;
    call([&] {
        ArrayType* array = DatumGetArrayTypeP(d);
        n = ARR_DIMS(array)[0];
        if (ARR_NDIM(array) != 1 || ARR_HASNULL(array) || ARR_ELEMTYPE(array) != INT2OID)
            elog(ERROR, "expected a one-dimensional int2 array");
        values = reinterpret_cast<int16*>(ARR_DATA_PTR(array));
    });
    for (int i = 0; i < n; ++i)
        out.push_back(values[i]);
    return out;
}

void add_sequence(GatherState& s, Oid table, Oid sequence) {
    if (TableFacts* t = s.table(table); t && s.sequence(sequence))
        Catalog::link_sequence(*t, sequence);
}

// Whether a stored expression calls nextval: a search of its node text is
// far cheaper than parsing it, and most defaults call nothing else we need.
bool calls_nextval(Datum node_text) {
    static const std::string needle = ":funcid " + std::to_string(F_NEXTVAL) + " ";
    bool found = false;
    call([&] {
        text* t = DatumGetTextPP(node_text);
        const char* data = VARDATA_ANY(t);
        found = std::string_view(data, VARSIZE_ANY_EXHDR(t)).find(needle) != std::string_view::npos;
    });
    return found;
}

void want(GatherState& s, const std::vector<Oid>& functions) {
    s.wanted_functions.insert(functions.begin(), functions.end());
}

} // namespace

void gather_columns(GatherState& s) {
    const Oid role = s.request.role;
    // A source job reads the columns of the tables it cannot read whole.
    std::vector<Oid> wanted;
    std::unordered_set<Oid> reading; // the same tables, for the pass over pg_attribute
    const AclMode unless = s.request.columns_unless_held;
    if (unless) {
        for (Oid oid : s.cat.table_order)
            if ((statement_mask(s.cat.role, s.cat.tables.at(oid).priv, unless) & unless) != unless)
                wanted.push_back(oid);
        if (wanted.empty())
            return;
        reading.insert(wanted.begin(), wanted.end());
    }
    auto on_column = [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple));
        if (form->attnum <= 0 || form->attisdropped)
            return;
        TableFacts* t = s.table(form->attrelid);
        if (!t || !t->in_scope || (unless && !reading.count(t->oid)))
            return;
        ColumnFacts c;
        c.attnum = form->attnum;
        c.name = NameStr(form->attname);
        c.type = form->atttypid;
        // Stored, and from 18 virtual ('v'): neither is ever written. A
        // virtual one's expression runs when it is read, and 18 lets it call
        // built-in functions only.
        c.generated = form->attgenerated != '\0';
        c.identity = form->attidentity;
        c.not_null = form->attnotnull;
        Acl* acl = nullptr;
        AclMode held = 0;
        call([&] {
            bool is_null = false;
            Datum d = pg::attribute(tuple, Anum_pg_attribute_attacl, desc, &is_null);
            acl = is_null ? nullptr : DatumGetAclPCopy(d);
            // has_column_privilege: the table's grant or the column's.
            held = pg::column_mask(acl, t->priv.owner, role, ACL_ALL_RIGHTS_COLUMN) |
                   (t->priv.held & ACL_ALL_RIGHTS_COLUMN);
        });
        if (acl) {
            c.priv = make_privileges(s, acl, t->priv.owner, held);
        } else {
            c.priv.owner = t->priv.owner;
            c.priv.owner_name = t->priv.owner_name;
            c.priv.held = held;
        }
        if (s.request.types && c.type >= FirstNormalObjectId)
            s.wanted_types.insert(c.type);
        t->columns.push_back(std::move(c));
    };
    // A few tables: one index scan each; many: one pass over pg_attribute,
    // whose rows for all relations (indexes, TOAST, sequences) outnumber
    // a user table's columns several times.
    if (unless && wanted.size() * 2 < s.cat.table_order.size())
        pg::scan_catalog_rows(AttributeRelationId, AttributeRelidNumIndexId,
                              Anum_pg_attribute_attrelid, &wanted, s.snapshot, on_column);
    else
        pg::scan_catalog(AttributeRelationId, s.snapshot, on_column);
    for (auto& [oid, t] : s.cat.tables)
        std::sort(t.columns.begin(), t.columns.end(),
                  [](const ColumnFacts& a, const ColumnFacts& b) { return a.attnum < b.attnum; });
}

void gather_defaults(GatherState& s) {
    pg::scan_catalog(AttrDefaultRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_attrdef>(GETSTRUCT(tuple));
        TableFacts* t = s.table(form->adrelid);
        if (!t || !t->in_scope)
            return;
        bool is_null = false;
        Datum d = call([&] { return pg::attribute(tuple, Anum_pg_attrdef_adbin, desc, &is_null); });
        if (is_null)
            return;
        ColumnFacts* c = nullptr;
        for (auto& col : t->columns)
            if (col.attnum == form->adnum)
                c = &col;
        if (c && !c->generated)
            c->has_default = true;
        if (!s.request.generation_functions) {
            // A source job only reads the sequences defaults call (nextval
            // is volatile, so a generated column never calls it).
            if (!calls_nextval(d))
                return;
            if (auto q = pg::plain_nextval_sequence(d)) {
                add_sequence(s, t->oid, *q);
                return;
            }
            for (Oid q : pg::analyze_expression(d).nextval_sequences)
                add_sequence(s, t->oid, q);
            return;
        }
        // Writing rows runs generation expressions, and defaults sent as
        // DEFAULT: every function they call matters.
        ExpressionFacts e = pg::analyze_expression(d);
        for (Oid q : e.nextval_sequences)
            add_sequence(s, t->oid, q);
        if (!c)
            return;
        want(s, e.functions);
        if (c->generated) {
            c->generation_funcs = std::move(e.functions);
        } else {
            c->default_funcs = std::move(e.functions);
            c->default_sequences = std::move(e.nextval_sequences);
        }
    });
}

// Serial and identity sequences: pg_depend links them to their column
// (deptype 'a' for serial, 'i' for identity), as getOwnedSequences reads it.
void gather_sequence_links(GatherState& s) {
    pg::scan_catalog(DependRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc) {
        auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
        if (form->classid != RelationRelationId || form->refclassid != RelationRelationId ||
            (form->deptype != DEPENDENCY_AUTO && form->deptype != DEPENDENCY_INTERNAL) ||
            form->refobjsubid <= 0)
            return;
        SequenceFacts* q = s.sequence(form->objid);
        TableFacts* t = q ? s.table(form->refobjid) : nullptr;
        if (!t)
            return;
        q->owned_by_table = form->refobjid;
        q->owned_by_column = form->refobjsubid;
        q->identity = form->deptype == DEPENDENCY_INTERNAL;
        Catalog::link_sequence(*t, form->objid);
    });
    s.cat.sort_table_sequences();
}

namespace {

// A constraint PostgreSQL checks: from 18 a CHECK or foreign key may be NOT
// ENFORCED, which calls no function and runs no foreign-key check.
bool enforced(Form_pg_constraint form) {
#if PG_VERSION_NUM >= 180000
    return form->conenforced;
#else
    (void)form;
    return true;
#endif
}

} // namespace

// From 18 pg_constraint also holds a row per NOT NULL column (contype 'n'):
// pg_attribute.attnotnull still says the same, so those rows are skipped
// like every contype but CHECK and FOREIGN KEY.
void gather_constraints(GatherState& s) {
    pg::scan_catalog(ConstraintRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
        if (form->contypid != InvalidOid && form->contype == CONSTRAINT_CHECK) {
            if (!enforced(form))
                return;
            bool is_null = false;
            Datum d = call(
                [&] { return pg::attribute(tuple, Anum_pg_constraint_conbin, desc, &is_null); });
            if (!is_null) {
                ExpressionFacts e = pg::analyze_expression(d);
                auto& list = s.domain_check_funcs[form->contypid];
                list.insert(list.end(), e.functions.begin(), e.functions.end());
            }
            return;
        }
        TableFacts* t = s.table(form->conrelid);
        if (!t)
            return;
        if (form->contype == CONSTRAINT_FOREIGN) {
            TableFacts* referenced = s.table(form->confrelid);
            if (!referenced)
                return;
            // Every link counts for TRUNCATE (partitions carry clones);
            // the job's own writes meet the top-level constraint only.
            auto& by = referenced->referenced_by;
            if (std::find(by.begin(), by.end(), t->oid) == by.end())
                by.push_back(t->oid);
            if (!t->in_scope || form->conparentid != InvalidOid)
                return;
            ForeignKeyFacts fk;
            fk.name = NameStr(form->conname);
            fk.referenced_table = form->confrelid;
            fk.enforced = enforced(form);
            bool is_null = false;
            Datum d = call(
                [&] { return pg::attribute(tuple, Anum_pg_constraint_conkey, desc, &is_null); });
            if (!is_null)
                fk.columns = int2_array(d);
            d = call(
                [&] { return pg::attribute(tuple, Anum_pg_constraint_confkey, desc, &is_null); });
            if (!is_null)
                fk.referenced_columns = int2_array(d);
            t->foreign_keys.push_back(std::move(fk));
        } else if (form->contype == CONSTRAINT_CHECK) {
            ++t->checks; // init guards each with a DO block, enforced or not
            if (!enforced(form))
                return;
            bool is_null = false;
            Datum d = call(
                [&] { return pg::attribute(tuple, Anum_pg_constraint_conbin, desc, &is_null); });
            if (is_null)
                return;
            ExpressionFacts e = pg::analyze_expression(d);
            for (Oid f : e.functions)
                if (std::find(t->check_funcs.begin(), t->check_funcs.end(), f) ==
                    t->check_funcs.end())
                    t->check_funcs.push_back(f);
            want(s, e.functions);
        }
    });
    for (auto& [oid, t] : s.cat.tables)
        std::sort(t.check_funcs.begin(), t.check_funcs.end());
    for (auto& [oid, t] : s.cat.tables)
        std::sort(
            t.foreign_keys.begin(), t.foreign_keys.end(),
            [](const ForeignKeyFacts& a, const ForeignKeyFacts& b) { return a.name < b.name; });
}

// Columns of domain types: the functions of every CHECK along the domain's
// chain of base types (domain_check runs them all on each value written).
void gather_domains(GatherState& s) {
    std::unordered_map<Oid, std::vector<Oid>> by_type; // column type -> functions
    for (Oid oid : s.cat.table_order) {
        for (auto& c : s.cat.tables.at(oid).columns) {
            if (c.type < FirstNormalObjectId)
                continue;
            auto known = by_type.find(c.type);
            if (known == by_type.end()) {
                std::vector<Oid> funcs;
                for (Oid type = c.type; type != InvalidOid;) {
                    pg::check_for_interrupts();
                    char kind = 0;
                    Oid base = InvalidOid;
                    call([&] {
                        HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
                        if (!HeapTupleIsValid(tuple))
                            return;
                        auto* form = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple));
                        kind = form->typtype;
                        base = form->typbasetype;
                        ReleaseSysCache(tuple);
                    });
                    if (kind != TYPTYPE_DOMAIN)
                        break;
                    auto checks = s.domain_check_funcs.find(type);
                    if (checks != s.domain_check_funcs.end())
                        funcs.insert(funcs.end(), checks->second.begin(), checks->second.end());
                    type = base;
                }
                std::sort(funcs.begin(), funcs.end());
                funcs.erase(std::unique(funcs.begin(), funcs.end()), funcs.end());
                known = by_type.emplace(c.type, std::move(funcs)).first;
            }
            c.domain_funcs = known->second;
            want(s, c.domain_funcs);
        }
    }
}

// Unique indexes an ON CONFLICT (cols) can infer: immediate, no expression,
// no predicate, not an exclusion constraint's (infer_arbiter_indexes). From
// 18 a key WITHOUT OVERLAPS is unique and an exclusion constraint at once,
// and no ON CONFLICT target. The primary key is the job's whatever its kind
// (the read's ORDER BY, the foreign-key fix-up's WHERE).
void gather_indexes(GatherState& s) {
    pg::scan_catalog(IndexRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
        TableFacts* t = s.table(form->indrelid);
        if (!t || !t->in_scope)
            return;
        ++t->indexes;
        if (!form->indisunique || !form->indimmediate || !form->indisvalid)
            return;
        bool exprs_null = false, pred_null = false;
        call([&] {
            pg::attribute(tuple, Anum_pg_index_indexprs, desc, &exprs_null);
            pg::attribute(tuple, Anum_pg_index_indpred, desc, &pred_null);
        });
        if (!exprs_null || !pred_null)
            return;
        std::vector<int> cols;
        for (int i = 0; i < form->indnkeyatts; ++i)
            cols.push_back(form->indkey.values[i]);
        if (form->indisprimary) {
            t->primary_key = cols;
            t->primary_key_without_overlaps = form->indisexclusion;
        } else if (!form->indisexclusion)
            t->unique_keys.push_back(cols);
    });
    for (auto& [oid, t] : s.cat.tables)
        std::sort(t.unique_keys.begin(), t.unique_keys.end());
}

void gather_policies(GatherState& s) {
    const RoleFacts& role = s.cat.role;
    pg::scan_catalog(PolicyRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_policy>(GETSTRUCT(tuple));
        TableFacts* t = s.table(form->polrelid);
        if (!t || !t->in_scope)
            return;
        PolicyFacts p;
        p.name = NameStr(form->polname);
        p.command = form->polcmd;
        p.permissive = form->polpermissive;
        bool roles_null = false, qual_null = false, check_null = false;
        Datum roles = 0, qual = 0, check = 0;
        call([&] {
            roles = pg::attribute(tuple, Anum_pg_policy_polroles, desc, &roles_null);
            qual = pg::attribute(tuple, Anum_pg_policy_polqual, desc, &qual_null);
            check = pg::attribute(tuple, Anum_pg_policy_polwithcheck, desc, &check_null);
        });
        if (!roles_null) {
            Oid* oids = nullptr;
            int n = 0;
            call([&] {
                ArrayType* array = DatumGetArrayTypeP(roles);
                n = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
                oids = reinterpret_cast<Oid*>(ARR_DATA_PTR(array));
            });
            // check_role_for_policy: PUBLIC, or a role whose privileges it has.
            for (int i = 0; i < n; ++i)
                p.applies = p.applies || oids[i] == ACL_ID_PUBLIC || oids[i] == role.oid ||
                            role.superuser || role.privs_of.count(oids[i]) > 0;
        }
        if (!qual_null) {
            p.using_expr = pg::analyze_expression(qual);
            want(s, p.using_expr->functions);
        }
        if (!check_null) {
            p.check_expr = pg::analyze_expression(check);
            want(s, p.check_expr->functions);
        }
        t->policies.push_back(std::move(p));
    });
    for (auto& [oid, t] : s.cat.tables)
        std::sort(t.policies.begin(), t.policies.end(),
                  [](const PolicyFacts& a, const PolicyFacts& b) { return a.name < b.name; });
}

void gather_triggers(GatherState& s) {
    pg::scan_catalog(TriggerRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc) {
        auto* form = reinterpret_cast<Form_pg_trigger>(GETSTRUCT(tuple));
        TableFacts* t = s.table(form->tgrelid);
        // Fired in a normal session: enabled for origin ('O') or always ('A').
        if (!t || form->tgisinternal ||
            (form->tgenabled != TRIGGER_FIRES_ON_ORIGIN && form->tgenabled != TRIGGER_FIRES_ALWAYS))
            return;
        TriggerFacts tg;
        tg.name = NameStr(form->tgname);
        tg.function = form->tgfoid;
        if (TRIGGER_FOR_INSERT(form->tgtype))
            tg.events |= trigger_event::kInsert;
        if (TRIGGER_FOR_UPDATE(form->tgtype))
            tg.events |= trigger_event::kUpdate;
        if (TRIGGER_FOR_DELETE(form->tgtype))
            tg.events |= trigger_event::kDelete;
        if (TRIGGER_FOR_TRUNCATE(form->tgtype))
            tg.events |= trigger_event::kTruncate;
        s.wanted_functions.insert(tg.function);
        t->triggers.push_back(std::move(tg));
    });
    for (auto& [oid, t] : s.cat.tables)
        std::sort(t.triggers.begin(), t.triggers.end(),
                  [](const TriggerFacts& a, const TriggerFacts& b) { return a.name < b.name; });
}

namespace {

// What `role` holds on a table (RELOID) or schema (NAMESPACEOID), read
// fresh from the syscache: an object dropped meanwhile yields everything,
// so it raises no row. Only the few foreign keys' owners are asked this way.
AclMode owner_mask(int cache, Oid object, Oid role) {
    return call([&]() -> AclMode {
        HeapTuple tuple = SearchSysCache1(cache, ObjectIdGetDatum(object));
        if (!HeapTupleIsValid(tuple))
            return pg::job_privileges(ACL_ALL_RIGHTS_RELATION | ACL_USAGE);
        bool is_null = false;
        AclMode held;
        if (cache == RELOID) {
            auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
            Datum d = SysCacheGetAttr(RELOID, tuple, Anum_pg_class_relacl, &is_null);
            Acl* acl = pg::effective_acl(d, is_null, OBJECT_TABLE, form->relowner);
            held = pg::class_mask(acl, form->relowner, role, ACL_SELECT | ACL_UPDATE);
        } else {
            auto* form = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple));
            Datum d = SysCacheGetAttr(NAMESPACEOID, tuple, Anum_pg_namespace_nspacl, &is_null);
            Acl* acl = pg::effective_acl(d, is_null, OBJECT_SCHEMA, form->nspowner);
            held = pg::namespace_mask(acl, form->nspowner, role, ACL_USAGE);
        }
        ReleaseSysCache(tuple);
        return held;
    });
}

// What the foreign-key check (SELECT 1 FROM ONLY t WHERE key = $1 FOR KEY
// SHARE) needs, as ExecCheckPermissions decides it: SELECT on the key
// columns (the table's or each column's), and UPDATE on the table or on
// any column (a row lock asks UPDATE with no column named).
AclMode key_check_mask(Oid table, const std::vector<int>& key, Oid role) {
    AclMode held = owner_mask(RELOID, table, role);
    if (!(held & ACL_SELECT)) {
        bool all = !key.empty();
        for (int a : key)
            all = all && call([&] {
                      return pg_attribute_aclcheck(table, static_cast<AttrNumber>(a), role,
                                                   ACL_SELECT) == ACLCHECK_OK;
                  });
        if (all)
            held |= ACL_SELECT;
    }
    if (!(held & ACL_UPDATE) && call([&] {
            return pg_attribute_aclcheck_all(table, role, ACL_UPDATE, ACLMASK_ANY) == ACLCHECK_OK;
        }))
        held |= ACL_UPDATE;
    return held;
}

} // namespace

// The foreign-key check runs as the referenced table's owner
// (ri_PerformCheck), so ask PostgreSQL what that owner holds.
void gather_foreign_key_owners(GatherState& s) {
    for (Oid oid : s.cat.table_order) {
        TableFacts& t = s.cat.tables.at(oid);
        for (auto& fk : t.foreign_keys) {
            pg::check_for_interrupts();
            const TableFacts* ref = s.table(fk.referenced_table);
            if (!ref)
                continue;
            const Oid owner = ref->priv.owner;
            fk.referenced_owner_name = ref->priv.owner_name;
            fk.referenced_owner_table_held =
                key_check_mask(fk.referenced_table, fk.referenced_columns, owner);
            fk.referenced_owner_schema_usage =
                (owner_mask(NAMESPACEOID, ref->schema, owner) & ACL_USAGE) != 0;
        }
    }
}

} // namespace preflight::ext
