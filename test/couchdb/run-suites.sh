#!/usr/bin/env bash
# `npm run test:couchdb`: the tests on Apache CouchDB 3.4.3, started with ../shared/couchdb/couchdb.sh
# (or $LIANDONG_COUCHDB_SH) and configured with ops/couchdb/config/*.ini, as production is:
#   1. one node: the integration suite again (`integration`, `heavy`) and `test/couchdb/` (the
#      configuration checks, the move from the embedded hub);
#   2. a 3-node cluster: `test/couchdb/` (configuration checks, a node killed and restarted
#      mid-sync, several gateways with one killed).
# Each run uses a fresh database prefix. Only the CouchDB processes this script started are
# stopped, through the script, by their process ids. Without the script it says so and passes:
# the README's test command then ran on the embedded hub alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
script=${LIANDONG_COUCHDB_SH:-$root/../shared/couchdb/couchdb.sh}
if [ ! -f "$script" ]; then
  echo "test:couchdb: $script is not there: the Apache CouchDB suites are skipped (the embedded hub's ran)."
  exit 0
fi

started_dirs=()
epmd_before=$(ps -eo pid=,comm= | awk '$2 == "epmd" { print $1 }' | sort)
cleanup() {
  local status=$?
  for dir in "${started_dirs[@]}"; do
    bash "$script" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
  done
  # CouchDB starts Erlang's port mapper (epmd) as a daemon when none runs. Stop it only if it
  # came with our nodes and no other Erlang node is registered with it.
  local pid
  for pid in $(ps -eo pid=,comm= | awk '$2 == "epmd" { print $1 }' | sort); do
    if ! grep -qx "$pid" <<<"$epmd_before"; then
      local epmd; epmd=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
      if [ -n "$epmd" ] && ! "$epmd" -names 2>/dev/null | grep -q '^name '; then kill "$pid" 2>/dev/null || true; fi
    fi
  done
  exit "$status"
}
trap cleanup EXIT

# A base port whose HTTP, node-local and distribution ports (+0..2, +100..102, +200..202) are free.
free_base() {
  local base offset
  for _ in $(seq 1 50); do
    base=$((20000 + RANDOM % 9000))
    local busy=0
    for offset in 0 1 2 100 101 102 200 201 202; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$((base + offset))") 2>/dev/null; then busy=1; break; fi
    done
    [ "$busy" = 0 ] && { echo "$base"; return 0; }
  done
  echo "test:couchdb: no free ports found" >&2; return 1
}

# Starts CouchDB (nodes: 1 or 3), installs our configuration files on every node and restarts
# them, so that they run exactly on what production runs on. Sets COUCHDB_* for the tests.
start_couchdb() {
  local nodes=$1 role=$2 base dir out i
  base=$(free_base)
  dir=$(mktemp -d -t liandong-couchdb.XXXXXX)
  started_dirs+=("$dir")
  out=$(bash "$script" start --port "$base" --nodes "$nodes" --dir "$dir")
  eval "$(grep -E '^COUCHDB_(URL|USER|PASSWORD|DIR|NODE_URLS)=' <<<"$out")"
  bash "$script" stop "$dir"
  for i in $(seq 1 "$nodes"); do
    cp ops/couchdb/config/liandong.ini "$dir/node$i/etc/local.d/10-liandong.ini"
    cp "ops/couchdb/config/$role.ini" "$dir/node$i/etc/local.d/20-$role.ini"
  done
  for i in $(seq 1 "$nodes"); do bash "$script" start-node "$dir" "$i"; done
  export COUCHDB_TEST_URL=${COUCHDB_NODE_URLS// /,}
  export COUCHDB_TEST_USER=$COUCHDB_USER COUCHDB_TEST_PASSWORD=$COUCHDB_PASSWORD
  export COUCHDB_TEST_CONFIG=$role COUCHDB_SH=$script
  export COUCHDB_TEST_PREFIX="ci$(date +%s)_"
  # The cluster's nodes must all be members again before tests start.
  if [ "$nodes" = 3 ]; then
    export COUCHDB_TEST_CLUSTER_DIR=$dir
    for _ in $(seq 1 120); do
      [ "$(curl -sf -u "$COUCHDB_USER:$COUCHDB_PASSWORD" "$COUCHDB_URL/_membership" | grep -o '"cluster_nodes":\[[^]]*\]' | grep -o '@' | wc -l)" = 3 ] && break
      sleep 0.5
    done
  else
    unset COUCHDB_TEST_CLUSTER_DIR
  fi
  echo "test:couchdb: Apache CouchDB $(curl -sf -u "$COUCHDB_USER:$COUCHDB_PASSWORD" "$COUCHDB_URL/" | grep -o '"version":"[^"]*"') on $COUCHDB_TEST_URL ($role)"
}

# Runs one phase; a failure is remembered, and the next phase still runs.
failed=0
phase() {
  local started=$SECONDS status=0
  "$@" || status=$?
  echo "test:couchdb: $* took $((SECONDS - started)) s (exit $status)"
  [ "$status" = 0 ] || failed=1
}

start_couchdb 1 single-node
phase npx vitest run --project integration --project heavy --project couchdb
bash "$script" stop "${started_dirs[0]}"

start_couchdb 3 cluster
phase npx vitest run --project couchdb
exit "$failed"
