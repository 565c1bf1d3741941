# A throwaway PostgreSQL cluster for tests and benchmarks (sourced, never run alone):
# initdb + pg_ctl in a temporary folder, as the unprivileged `postgres` user when run as
# root, listening on a Unix socket only (listen_addresses='': no TCP at all), trust
# authentication on that socket. Callers run inside scripts/netns-run.

# Sets pg_bindir (IOTPROBE_PG_BINDIR, or Debian's newest), or exits 77 (ctest: skipped)
# with the reason when the server is missing.
require_postgres() {
  pg_bindir=${IOTPROBE_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
  if [[ -z "$pg_bindir" || ! -x "$pg_bindir/initdb" || ! -x "$pg_bindir/pg_ctl" ]]; then
    echo "SKIPPED: PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb, pg_ctl) are" \
         "missing; IOTPROBE_TEST_DEPS=1 scripts/install-deps.sh installs Debian's postgresql"
    exit 77
  fi
  pg_run_as=()  # initdb refuses root
  if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "SKIPPED: running as root and no 'postgres' user to run the cluster"; exit 77; }
    pg_run_as=(runuser -u postgres --)
  fi
}

# usage: start_cluster DIR   (DIR exists; sets pg_uri to database "iotprobe" on DIR/sock)
start_cluster() {
  chmod 755 "$1"
  pg_data=$1/pgdata pg_sock=$1/sock
  mkdir -p "$pg_sock" "$pg_data"
  [[ ${#pg_run_as[@]} == 0 ]] || chown postgres "$pg_sock" "$pg_data"
  "${pg_run_as[@]}" "$pg_bindir/initdb" -D "$pg_data" --no-locale -E UTF8 -A trust -U iotprobe >/dev/null
  "${pg_run_as[@]}" "$pg_bindir/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
    -o "-c listen_addresses='' -k $pg_sock -c fsync=off -c max_connections=40" start >/dev/null
  "$pg_bindir/psql" -h "$pg_sock" -U iotprobe -d postgres -qAtc "CREATE DATABASE iotprobe" >/dev/null
  pg_uri="postgresql:///iotprobe?host=$pg_sock&user=iotprobe"
  echo "cluster: PostgreSQL $("$pg_bindir/postgres" --version | awk '{print $3}') on $pg_sock (no TCP)"
}

# Safe to call twice and before start_cluster (for EXIT traps).
stop_cluster() {
  if [[ -n "${pg_data:-}" && -f "$pg_data/postmaster.pid" ]]; then
    "${pg_run_as[@]}" "$pg_bindir/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
}

# usage: pg_sql SQL   (one statement's rows, unaligned, on the cluster's iotprobe database)
pg_sql() { "$pg_bindir/psql" -h "$pg_sock" -U iotprobe -d iotprobe -qAtc "$1"; }
