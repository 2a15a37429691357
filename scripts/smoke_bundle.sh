#!/usr/bin/env bash
# Smoke-test the frozen bundle (Linux; run scripts/build_bundle.sh first):
#
#   bash scripts/smoke_bundle.sh [BUNDLE_DIR]      # default: dist/ReturnDesk
#
# Runs the frozen executables offscreen on a fresh temporary data folder:
#   1. the bundle holds what the app reads at run time (policy, .qm, migrations);
#   2. no bundled library misses a dependency that the Qt filter dropped;
#   3. ReturnDesk --demo --quit-after 2          -> exit 0, database created + migrated;
#   4. returndesk-cli verify-audit --data-dir D  -> exit 0;
#   5. returndesk-cli --screenshots DIR          -> exit 0 and PNGs in both languages;
#   6. against a local server: enrol, sync, self-check -> exit 0;
#   7. self-check with the machine config's camera = none and an absent printer -> exit 1.
# Exit 0 when every step passed; the first failure stops it with exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."

BUNDLE=${1:-dist/ReturnDesk}
EXE_SUFFIX=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) EXE_SUFFIX=".exe" ;; esac
GUI="$BUNDLE/ReturnDesk$EXE_SUFFIX"
CLI="$BUNDLE/returndesk-cli$EXE_SUFFIX"
INTERNAL="$BUNDLE/_internal"
TIMEOUT=${SMOKE_TIMEOUT:-120}

export QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES=${QT_LOGGING_RULES:-"qt.multimedia.*=false"}
unset RETURNDESK_DATA_DIR RETURNDESK_POLICY

work=$(mktemp -d "${TMPDIR:-/tmp}/returndesk-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
data="$work/data"
shots="$work/screenshots"
failures=0

say() { printf 'smoke: %s\n' "$*"; }
fail() {
  say "FAIL: $*"
  exit 1
}
run_step() { # name, command...; prints the exit code and the time it took
  local name=$1 start end rc
  shift
  start=$EPOCHREALTIME
  set +e
  timeout -k 5 "$TIMEOUT" "$@" >"$work/$name.log" 2>&1
  rc=$?
  set -e
  end=$EPOCHREALTIME
  printf 'smoke: %-15s exit %s in %s s\n' "$name" "$rc" "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}')"
  if [ "$rc" != 0 ]; then
    sed 's/^/    | /' "$work/$name.log" | tail -40
    fail "$name exited $rc"
  fi
}

[ -x "$GUI" ] || fail "$GUI not found: run scripts/build_bundle.sh first"
[ -x "$CLI" ] || fail "$CLI not found"
say "bundle $BUNDLE ($(du -sh "$BUNDLE" | cut -f1)), data dir $data"

# 1. What the app reads at run time (paths as core/paths.py and db/migrate.py expect).
for f in resources/policy.toml db/migrations/env.py db/migrations/script.py.mako VERSION; do
  [ -f "$INTERNAL/$f" ] || fail "missing in bundle: _internal/$f"
done
for ts in resources/i18n/*.ts; do
  qm="$(basename "${ts%.ts}").qm"
  [ -f "$INTERNAL/resources/i18n/$qm" ] || fail "missing in bundle: _internal/resources/i18n/$qm"
done
for mig in db/migrations/versions/*.py; do
  [ -f "$INTERNAL/$mig" ] || fail "missing in bundle: _internal/$mig"
done
[ -f "$INTERNAL/PySide6/Qt/translations/qtbase_zh_CN.qm" ] || fail "Qt's own zh_CN translation missing"
# Qt modules imported only when first used (build.spec keeps them): the review dashboard's
# charts, the photo page's camera, receipts' printing (+ the CUPS plugin that lists printers).
for f in PySide6/QtCharts.abi3.so PySide6/Qt/lib/libQt6Charts.so.6 PySide6/QtMultimedia.abi3.so \
  PySide6/QtPrintSupport.abi3.so PySide6/Qt/plugins/printsupport/libcupsprintersupport.so; do
  [ -f "$INTERNAL/$f" ] || fail "missing in bundle: _internal/$f"
done
version=$(cat "$INTERNAL/VERSION")
[ -f "$INTERNAL/returndesk-$version.dist-info/METADATA" ] ||
  fail "no returndesk-$version.dist-info: importlib.metadata.version('returndesk') would fail"
say "data files      ok (policy, $(ls "$INTERNAL"/resources/i18n/*.qm | wc -l) .qm, $(ls "$INTERNAL"/db/migrations/versions/*.py | wc -l) migrations, VERSION $(cat "$INTERNAL/VERSION"))"

# 2. Every bundled ELF library finds its dependencies (catches a filter rule that
#    dropped something a kept library links against). Linux only.
if command -v ldd >/dev/null 2>&1 && [ -z "$EXE_SUFFIX" ]; then
  missing=$(
    find "$INTERNAL" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 |
      LD_LIBRARY_PATH="$INTERNAL:$INTERNAL/PySide6/Qt/lib" xargs -0 -n 50 ldd 2>/dev/null |
      awk '/:$/ {file=$1} /not found/ {print file" -> "$1}' | sort -u
  )
  if [ -n "$missing" ]; then
    echo "$missing" | sed 's/^/    | /'
    fail "bundled libraries with unresolved dependencies"
  fi
  say "libraries       ok (every bundled .so resolves its dependencies)"
fi

# 3. The app starts on a fresh data folder, seeds the demo, migrates, quits cleanly.
run_step start "$GUI" --demo --data-dir "$data" --quit-after 2
[ -s "$data/returndesk.sqlite3" ] || fail "no database in $data after start"

# 4. The console executable runs the maintenance command on that folder.
run_step verify-audit "$CLI" verify-audit --data-dir "$data"
grep -q "OK" "$work/verify-audit.log" || fail "verify-audit printed no OK line"

# 5. Every screen renders (both languages), which exercises translations and Qt plugins.
run_step screenshots "$CLI" --screenshots "$shots"
pngs=$(find "$shots" -name '*.png' | wc -l)
[ "$pngs" -gt 0 ] || fail "--screenshots wrote no PNG"
zh=$(find "$shots" -path '*zh_CN*' -name '*.png' | wc -l)
say "screenshots     $pngs PNGs ($zh zh_CN)"
[ "$zh" -gt 0 ] || fail "no zh_CN screenshots"

# 6. Against a local sync server (from the source tree's venv): enrol the frozen counter,
#    sync once, then self-check must pass every required row (database, policy, photo
#    store, server + versions, disk) — proving the bundle finds its own files and plugins.
SERVER_BIN="${RETURNDESK_SERVER_BIN:-$PWD/.venv/bin/returndesk-server}"
centre="$work/centre"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$SERVER_BIN" admin create-store SH01 --name Smoke --region Test --data-dir "$centre" >/dev/null 2>&1
code=$("$SERVER_BIN" admin create-enrolment-code --store SH01 --data-dir "$centre" 2>/dev/null)
"$SERVER_BIN" serve --data-dir "$centre" --port "$port" >"$centre/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
    "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1 && break
  sleep 0.2
done
run_step enrol "$CLI" enrol --server "http://127.0.0.1:$port" --code "$code" --data-dir "$data"
run_step sync "$CLI" sync --data-dir "$data"
run_step self-check "$CLI" self-check --data-dir "$data"
grep -q "^OK    database" "$work/self-check.log" || fail "self-check printed no database row"
# 7. The machine config's camera and printer keys, frozen: a configured printer this
#    computer lacks fails self-check (exit 1) in plain words; camera = none is fine.
printf '[counter]\ncamera = none\nprinter = Smoke Receipt Printer\n' >"$work/returndesk.ini"
set +e
RETURNDESK_MACHINE_CONFIG="$work/returndesk.ini" "$CLI" self-check --data-dir "$data" \
  >"$work/self-check-devices.log" 2>&1
rc=$?
set -e
grep -q '^FAIL  printer .*"Smoke Receipt Printer" is not installed' "$work/self-check-devices.log" &&
  grep -q '^OK    camera .*turned off' "$work/self-check-devices.log" && [ "$rc" = 1 ] || {
  sed 's/^/    | /' "$work/self-check-devices.log"
  fail "self-check with camera = none / an absent printer: exit $rc"
}
say "devices         ok (camera = none, absent configured printer -> FAIL, exit 1)"
kill "$server_pid" 2>/dev/null || true

[ "$failures" = 0 ] || exit 1
say "PASS"
