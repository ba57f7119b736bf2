#!/usr/bin/env bash
# Build a wheel whose recognition engine is compiled with mypyc (opt-in; same results, faster).
#   scripts/build-compiled-wheel.sh [OUT_DIR]      (default: dist/)
# The build runs on a clean copy of the committed tree (git archive), because the mypyc build
# hook leaves compiled modules beside the sources; in a checkout those would shadow the .py files.
# Needs a C compiler and the Python headers; the build environment comes from PyPI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git -C "$root" archive --format=tar HEAD | tar -x -C "$tmp"
(cd "$tmp" && HATCH_BUILD_HOOKS_ENABLE=1 python -m pip wheel --no-deps . -w "$out")
echo "built: $(ls -t "$out"/fairbuy-*.whl | head -1)"
echo "install it with: pip install --force-reinstall --no-deps $(ls -t "$out"/fairbuy-*.whl | head -1)"
