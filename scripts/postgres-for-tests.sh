#!/usr/bin/env bash
# Install (from Debian's packages) and start a throw-away PostgreSQL server on 127.0.0.1 for the
# test suite, then print the URL to export as AICOACH_TEST_POSTGRES_URL.
set -euo pipefail

port="${AICOACH_TEST_POSTGRES_PORT:-54329}"
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
bin_dir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
data_dir="${AICOACH_TEST_POSTGRES_DIR:-/tmp/aicoach-test-postgres}"

run_as_postgres() {
    if [ "$(id -u)" = "0" ]; then
        su postgres -s /bin/bash -c "$*"
    else
        bash -c "$*"
    fi
}

if ! run_as_postgres "'$bin_dir/pg_isready' -q -h 127.0.0.1 -p $port"; then
    rm -rf "$data_dir"
    mkdir -p "$data_dir"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$data_dir"
    run_as_postgres "'$bin_dir/initdb' -D '$data_dir' -U postgres --auth=trust" >/dev/null
    run_as_postgres "'$bin_dir/pg_ctl' -s -D '$data_dir' -l '$data_dir/server.log' \
        -o '-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off' -w start" >&2
fi
run_as_postgres "'$bin_dir/psql' -q -h 127.0.0.1 -p $port -U postgres -tc \
    \"SELECT 1 FROM pg_database WHERE datname = 'aicoach_test'\" | grep -q 1 || \
    '$bin_dir/createdb' -h 127.0.0.1 -p $port -U postgres aicoach_test" >&2
echo "postgresql+psycopg://postgres@127.0.0.1:${port}/aicoach_test"
