# Throwaway PostgreSQL 15 clusters for the demo and the tests, run as the
# unprivileged `postgres` user (PostgreSQL refuses to run as root).
# Source this file; it defines cluster_start and cluster_stop.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# as_postgres CMD...: run a command as the postgres user (or as is, if we are it).
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# free_port: a TCP port nobody listens on, from a range the tests own.
free_port() {
    local port
    for port in $(seq 55100 55999 | shuf); do
        if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# cluster_start DIR PORT: a new cluster in DIR (removed first), listening on
# 127.0.0.1:PORT and a socket in DIR, trust authentication for local tests
# (CLUSTER_MAX_CONNECTIONS: its max_connections, default 60).
cluster_start() {
    local dir=$1 port=$2
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        return 1
    }
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=${CLUSTER_MAX_CONNECTIONS:-60}" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        return 1
    }
}

cluster_stop() {
    local dir=$1
    [ -f "$dir/data/postmaster.pid" ] || return 0
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
