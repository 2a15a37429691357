#!/usr/bin/env bash
# Build the ReturnDesk desktop bundle (PyInstaller, onedir) from build.spec:
#
#   bash scripts/build_bundle.sh [--clean] [--compare-unfiltered]
#
#   -> dist/ReturnDesk/ReturnDesk         windowed app
#      dist/ReturnDesk/returndesk-cli     console twin (verify-audit, diagnostics)
#      dist/ReturnDesk/_internal/         Python, Qt, resources/, db/migrations/
#
# Steps: install PyInstaller into the venv if missing (pyproject's `build` extra),
# compile the translations (.ts -> .qm), run PyInstaller with its cache inside
# build/ (PYINSTALLER_CONFIG_DIR), print the bundle's size and what the Qt filter
# dropped. --compare-unfiltered also builds build/unfiltered/ReturnDesk with the
# Qt filter off (RETURNDESK_FILTER_QT=0) and prints both sizes (docs/packaging.md).
# Then: bash scripts/smoke_bundle.sh; packaging/linux/build_deb.sh for a .deb.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
CLEAN=""
COMPARE=0
for arg in "$@"; do
  case "$arg" in
    --clean) CLEAN="--clean" ;;
    --compare-unfiltered) COMPARE=1 ;;
    -h | --help)
      sed -n '2,16p' "$0"
      exit 0
      ;;
    *)
      echo "build_bundle: unknown option $arg" >&2
      exit 2
      ;;
  esac
done

if [ ! -x "$PY" ]; then
  echo "build_bundle: $PY not found; run 'make setup' first (or set PYTHON=...)" >&2
  exit 1
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build_bundle: installing PyInstaller into the venv"
  "$PY" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.0"
fi
echo "build_bundle: PyInstaller $("$PY" -c 'import PyInstaller; print(PyInstaller.__version__)'), $("$PY" -c 'import PySide6; print("PySide6", PySide6.__version__)')"

"$PY" scripts/build_translations.py

export PYINSTALLER_CONFIG_DIR="$PWD/build/pyinstaller-config"
mkdir -p "$PYINSTALLER_CONFIG_DIR"

build() { # distpath workpath [env...]
  local dist=$1 work=$2
  shift 2
  local start=$EPOCHREALTIME
  env "$@" "$PY" -m PyInstaller --noconfirm $CLEAN --log-level WARN \
    --distpath "$dist" --workpath "$work" build.spec
  echo "build_bundle: built $dist/ReturnDesk in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}') s"
}

size_mb() { du -sb "$1" | awk '{printf "%.1f MB", $1/1e6}'; }

build dist build/pyinstaller RETURNDESK_FILTER_QT=1
"$PY" - build/pyinstaller/build/bundle-filter.json <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))
total = sum(v["bytes"] for v in summary["dropped"].values())
print(f"build_bundle: Qt filter dropped {total / 1e6:.1f} MB:")
for category, v in sorted(summary["dropped"].items(), key=lambda kv: -kv[1]["bytes"]):
    print(f"  {category:24} {v['files']:4} files {v['bytes'] / 1e6:7.1f} MB")
EOF
echo "build_bundle: dist/ReturnDesk = $(size_mb dist/ReturnDesk) ($(find dist/ReturnDesk -type f | wc -l) files)"

if [ "$COMPARE" = 1 ]; then
  build build/unfiltered build/pyinstaller-unfiltered RETURNDESK_FILTER_QT=0
  echo "build_bundle: unfiltered $(size_mb build/unfiltered/ReturnDesk), filtered $(size_mb dist/ReturnDesk)"
fi
