"""What the integration suites share: a case line each, the count at the
end, and quoting as PostgreSQL does it."""

results = []


def case(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok     " if ok else "FAILED ") + name + ("" if ok else ": " + str(detail)[:700]))


def summary():
    """Prints "N passed, N failed"; returns the exit status."""
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def literal(text):
    return "'" + text.replace("'", "''") + "'"
