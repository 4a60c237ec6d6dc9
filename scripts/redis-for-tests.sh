#!/usr/bin/env bash
# Start (installing Debian's redis-server when missing and root) a throw-away Redis on
# 127.0.0.1 for the test suite, then print the URL to export as AICOACH_TEST_REDIS_URL.
# Data lives in a private folder under /tmp and is not saved to disk.
set -euo pipefail

port="${AICOACH_TEST_REDIS_PORT:-63790}"
data_dir="${AICOACH_TEST_REDIS_DIR:-/tmp/aicoach-test-redis}"
if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "redis-server is not installed (apt-get install redis-server)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq redis-server >&2
fi

if ! redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    mkdir -p "$data_dir"
    chmod 700 "$data_dir"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$data_dir" \
        --save "" --appendonly no --protected-mode yes \
        --daemonize yes --logfile "$data_dir/redis.log" --pidfile "$data_dir/redis.pid" >&2
    for _ in $(seq 1 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
    done
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG \
        || { echo "Redis did not start; see $data_dir/redis.log" >&2; exit 1; }
fi
echo "redis://127.0.0.1:${port}/0"
