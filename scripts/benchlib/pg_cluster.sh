# Sourced by scripts/bench and scripts/bench-notify: a throwaway PostgreSQL 15 cluster in the caller's
# temporary directory, reached by a unix socket only. Default server settings (durable commits) but for
# shared_buffers.
PG_BIN=/usr/lib/postgresql/15/bin
PGDIR=""
# The server's tools refuse to run as root: as the postgres user then.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# pg_cluster_start WORK: initdb into WORK/pg and start the server; sets PGDIR, PGPORT and PSQL.
pg_cluster_start() {
    chmod 755 "$1"   # the postgres user reaches its folder through it
    PGDIR=$1/pg
    mkdir -p "$PGDIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGDIR"; fi
    as_postgres "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf "listen_addresses = ''\nport = %s\nunix_socket_directories = '%s'\nshared_buffers = 256MB\n" "$PGPORT" "$PGDIR" \
        | as_postgres tee -a "$PGDIR/data/postgresql.conf" >/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w start >/dev/null
    PSQL="psql -X -q -h $PGDIR -p $PGPORT -U postgres"
}

# Stops the cluster pg_cluster_start started, if any: for the caller's exit trap.
pg_cluster_stop() {
    if [ -n "$PGDIR" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true; fi
}

# pg_uri DATABASE: breach's --db for a database of the cluster.
pg_uri() { echo "postgresql:///$1?host=$PGDIR&port=$PGPORT&user=postgres"; }
