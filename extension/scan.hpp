// Catalog scans under one registered snapshot, so a check sees the catalog
// as it was when it began and skips what other sessions drop meanwhile.
#pragma once

#include "boundary.hpp"

#include <utility>
#include <vector>

namespace preflight::pg {

// heap_getattr for the catalog rows our scans return, without the header
// inline's calls into functions an older minor of the same major may lack.
// The library is built against one minor's headers (Debian's: 17.12, 18.6,
// 15.20) and must load into any server of that major: trixie's 17.12
// heap_getattr calls heap_datum_check, which a 17.10 server does not
// export, so the library did not load there. That check is for composite
// datums; a catalog row from systable_getnext is a heap tuple, never one.
// What is left is fastgetattr (it calls out only to nocachegetattr) and
// getmissingattr, exported by every release this builds for;
// tests/versions/symbols checks the built library's undefined symbols
// against the server's exports, so a new inline like that fails a test
// instead of the load.
inline Datum attribute(HeapTuple tuple, int attnum, TupleDesc desc, bool* is_null) {
    if (attnum > static_cast<int>(HeapTupleHeaderGetNatts(tuple->t_data)))
        return getmissingattr(desc, attnum, is_null);
    return fastgetattr(tuple, attnum, desc, is_null);
}

class SnapshotGuard {
  public:
    SnapshotGuard() {
        snapshot_ = call([] { return RegisterSnapshot(GetCatalogSnapshot(InvalidOid)); });
    }
    ~SnapshotGuard() {
        try {
            call([&] { UnregisterSnapshot(snapshot_); });
        } catch (...) {
            // The transaction is failing; its abort releases the snapshot.
        }
    }
    SnapshotGuard(const SnapshotGuard&) = delete;
    SnapshotGuard& operator=(const SnapshotGuard&) = delete;
    Snapshot get() const { return snapshot_; }

  private:
    Snapshot snapshot_ = nullptr;
};

// Calls on_tuple(tuple, descriptor) for every row of a catalog, or, with an
// index, for the rows whose key column equals each of `keys` (in that
// order). Memory allocated by the callback is freed after each row: copy
// what you keep.
template <typename F>
void scan_catalog_rows(Oid catalog, Oid index, AttrNumber key_column, const std::vector<Oid>* keys,
                       Snapshot snapshot, F&& on_tuple) {
    struct Open {
        Relation rel = nullptr;
        SysScanDesc scan = nullptr;
        void end_scan() {
            // Forgotten first: should ending it fail, the destructor must
            // not end it again.
            SysScanDesc ending = scan;
            scan = nullptr;
            if (ending)
                call([&] { systable_endscan(ending); });
        }
        ~Open() {
            try {
                call([&] {
                    if (scan)
                        systable_endscan(scan);
                    if (rel)
                        table_close(rel, AccessShareLock);
                });
            } catch (...) {
                // Only reached while the transaction is failing; abort cleans up.
            }
        }
    } open;
    open.rel = call([&] { return table_open(catalog, AccessShareLock); });
    // Not deleted on the error path: a caught error's data may live in it,
    // and it goes with the function's memory context anyway.
    MemoryContext scratch = call([] {
        return AllocSetContextCreate(CurrentMemoryContext, "pg_preflight scan",
                                     ALLOCSET_DEFAULT_SIZES);
    });
    TupleDesc desc = RelationGetDescr(open.rel);
    auto scan_one = [&](const Oid* key) {
        open.scan = call([&] {
            if (!key)
                return systable_beginscan(open.rel, InvalidOid, false, snapshot, 0, nullptr);
            ScanKeyData skey;
            ScanKeyInit(&skey, key_column, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(*key));
            return systable_beginscan(open.rel, index, true, snapshot, 1, &skey);
        });
        for (;;) {
            check_for_interrupts();
            HeapTuple tuple = call([&] { return systable_getnext(open.scan); });
            if (!HeapTupleIsValid(tuple))
                break;
            MemoryContext previous = MemoryContextSwitchTo(scratch);
            try {
                on_tuple(tuple, desc);
            } catch (...) {
                MemoryContextSwitchTo(previous);
                throw;
            }
            MemoryContextSwitchTo(previous);
            MemoryContextReset(scratch);
        }
        open.end_scan();
    };
    if (!keys)
        scan_one(nullptr);
    else
        for (Oid key : *keys)
            scan_one(&key);
    MemoryContextDelete(scratch);
}

template <typename F> void scan_catalog(Oid catalog, Snapshot snapshot, F&& on_tuple) {
    scan_catalog_rows(catalog, InvalidOid, 0, nullptr, snapshot, std::forward<F>(on_tuple));
}

} // namespace preflight::pg
