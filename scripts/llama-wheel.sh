#!/usr/bin/env bash
# Install llama-cpp-python (the embedded model runtime) into .venv from a cached wheel, building
# that wheel once when the cache has none.
#
# The build is trimmed to what the coach uses: the CPU backend only, no examples, tests, tools,
# server, multimodal (llava/mtmd) library or OpenSSL. It is built for this machine's CPU
# (GGML_NATIVE), so the cache folder is keyed by the CPU's instruction-set flags: a wheel is
# never reused on a processor that may lack an instruction it was compiled with.
# AMX is left out (-mno-amx-*): on a Xeon that reports AMX to a virtual machine whose kernel
# does not grant the tile state, ggml's AMX matrix multiply dies at its first ldtilecfg
# (SIGSEGV), and a model this small gains nothing from it. The recipe tag in the cache folder's
# name keeps wheels built by an older recipe from being reused, and pip's own wheel cache
# (which ignores CMAKE_ARGS) is bypassed.
#
# Usage: bash scripts/llama-wheel.sh [PYTHON]      (PYTHON defaults to .venv/bin/python)
# Environment: AICOACH_WHEEL_CACHE (default ~/.cache/aicoach-wheels)
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${1:-.venv/bin/python}"
version="0.3.36"
cpu_key=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | sha256sum | cut -c1-12 || echo generic)
recipe="noamx"
cache_dir="${AICOACH_WHEEL_CACHE:-$HOME/.cache/aicoach-wheels}/llama-cpp-python-$version-$recipe-$cpu_key"
mkdir -p "$cache_dir"

stamp="$("$python_bin" -c 'import sys; print(sys.prefix)')/aicoach-llama-wheel"
if [ "$(cat "$stamp" 2>/dev/null)" = "$version-$recipe-$cpu_key" ] \
    && "$python_bin" -c "import llama_cpp, sys; sys.exit(llama_cpp.__version__ != '$version')" 2>/dev/null; then
    exit 0
fi

if ! ls "$cache_dir"/llama_cpp_python-"$version"-*.whl >/dev/null 2>&1; then
    echo "== building llama-cpp-python $version (CPU only, trimmed; about 6 minutes on 2 cores)" >&2
    start=$(date +%s)
    no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
    CMAKE_ARGS="-DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF \
-DGGML_NATIVE=ON -DGGML_BACKEND_DL=OFF -DGGML_CPU_ALL_VARIANTS=OFF \
-DCMAKE_C_FLAGS='$no_amx' -DCMAKE_CXX_FLAGS='$no_amx'" \
    CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
        nice -n 19 "$python_bin" -m pip wheel -q --no-cache-dir --no-deps --no-binary llama-cpp-python \
        --wheel-dir "$cache_dir" "llama-cpp-python==$version"
    echo "== llama-cpp-python built in $(( $(date +%s) - start )) s -> $cache_dir" >&2
fi
"$python_bin" -m pip install -q --force-reinstall --no-deps --find-links "$cache_dir" \
    "llama-cpp-python==$version"
"$python_bin" -m pip install -q --find-links "$cache_dir" "llama-cpp-python==$version"
echo "$version-$recipe-$cpu_key" >"$stamp"
