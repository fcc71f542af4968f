#!/usr/bin/env bash
# `make test`: every suite and every notebook, in two pytest sessions.
#   1. The suites that need no cluster, while the local cluster's binaries build beside
#      them at a lower priority (20-35 min on a fresh two-core machine; a no-op when the
#      build cache has them, and skipped where kind provides the cluster).
#   2. The cluster (`lab cluster up`), then its suites and every notebook.
# Both sessions run whatever the first one found; the exit status is the first failure's.
# Variables (from the Makefile): NBVAL, HOST_TESTS, CLUSTER_TESTS.
set -uo pipefail
cd "$(dirname "$0")/.."

stage() {  # stage NAME COMMAND...: run a stage, print its time, remember a failure
  local name=$1 start=$SECONDS
  shift
  echo "== test: $name"
  "$@"
  local code=$?
  echo "== test: $name took $((SECONDS - start)) s (exit $code)"
  [ "$code" -eq 0 ] || [ "$status" -ne 0 ] || status=$code
}

status=0
mkdir -p build
log=build/cluster-build.log
build_pid=""
needs_build='from lab.cluster import commands as c
raise SystemExit(0 if c.running() is None and c.default_provider() == "local" else 1)'
if uv run python -c "$needs_build"; then
  echo "== test: building the local cluster's binaries in the background (log: $log)"
  nice -n 10 uv run python -m lab.toolchain.build > "$log" 2>&1 &
  build_pid=$!
fi

# shellcheck disable=SC2086 # the lists are words
stage "suites without a cluster" uv run pytest $NBVAL $HOST_TESTS

if [ -n "$build_pid" ]; then
  echo "== test: waiting for the cluster's build"
  wait "$build_pid" || { echo "the cluster's build failed:"; tail -n 30 "$log"; }
fi
stage "cluster up" uv run lab cluster up
# shellcheck disable=SC2086
stage "the cluster's suites and the notebooks" uv run pytest $NBVAL $CLUSTER_TESTS
exit "$status"
