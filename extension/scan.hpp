// Catalog scans under one registered snapshot, so a check sees the catalog
// as it was when it began and skips what other sessions drop meanwhile.
#pragma once

#include "boundary.hpp"

namespace preflight::pg {

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

// Calls on_tuple(tuple, descriptor) for every row of a catalog. Memory
// allocated by the callback is freed after each row: copy what you keep.
template <typename F> void scan_catalog(Oid catalog, Snapshot snapshot, F&& on_tuple) {
    struct Open {
        Relation rel = nullptr;
        SysScanDesc scan = nullptr;
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
    open.scan =
        call([&] { return systable_beginscan(open.rel, InvalidOid, false, snapshot, 0, nullptr); });
    // Not deleted on the error path: a caught error's data may live in it,
    // and it goes with the function's memory context anyway.
    MemoryContext scratch = call([] {
        return AllocSetContextCreate(CurrentMemoryContext, "pg_preflight scan",
                                     ALLOCSET_DEFAULT_SIZES);
    });
    TupleDesc desc = RelationGetDescr(open.rel);
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
    MemoryContextDelete(scratch);
}

} // namespace preflight::pg
