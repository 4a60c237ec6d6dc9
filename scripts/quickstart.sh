#!/usr/bin/env bash
# Set up aicoach in .venv and run its main job on the embedded defaults: a SQLite database in
# your user data folder, filled with the labelled synthetic demo athlete when you have no data.
# Your own files: `.venv/bin/aicoach init --name "You"` then `.venv/bin/aicoach import PATH...`.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python_bin" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
# The embedded coach model (llama-cpp-python, built once into a cached wheel, and SmolLM2).
# Without them the coach still answers, from its fact templates.
(bash scripts/llama-wheel.sh && .venv/bin/aicoach model install smollm2-135m) \
    || echo "note: no embedded model; the coach answers from its fact templates" >&2
.venv/bin/aicoach demo
.venv/bin/aicoach activities list --athlete "Demo Athlete (synthetic)" --limit 10
.venv/bin/aicoach metrics --athlete "Demo Athlete (synthetic)"
# A 12-week half-marathon plan from the demo's history. The demo athlete has not answered the
# screening (`aicoach screen`), so the plan is the lighter one, and it says why.
.venv/bin/aicoach plan create --athlete "Demo Athlete (synthetic)" --goal half --weeks 12 --long-day sun
.venv/bin/aicoach plan check --athlete "Demo Athlete (synthetic)"
# Ask the coach (offline, embedded model): numbers come from the engine, not the model.
.venv/bin/aicoach ask --athlete "Demo Athlete (synthetic)" "What is my fitness (CTL)?"
.venv/bin/aicoach ask --athlete "Demo Athlete (synthetic)" "我今天练什么？"
