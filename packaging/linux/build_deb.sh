#!/usr/bin/env bash
# Turn the onedir bundle (scripts/build_bundle.sh) into a Debian package and a tarball:
#
#   bash packaging/linux/build_deb.sh [BUNDLE_DIR]        # default: dist/ReturnDesk
#
#   -> dist/returndesk_<version>_<arch>.deb
#        /opt/returndesk/                 the bundle (ReturnDesk, returndesk-cli, _internal/)
#        /usr/bin/returndesk              -> /opt/returndesk/ReturnDesk
#        /usr/bin/returndesk-cli          -> /opt/returndesk/returndesk-cli
#        /usr/share/applications/returndesk.desktop, icon (hicolor, scalable)
#        postinst: writes /etc/returndesk/returndesk.ini from RETURNDESK_STORE /
#                  RETURNDESK_SERVER when given (silent fleet install, see docs/packaging.md)
#   -> dist/returndesk-<version>-linux-<arch>.tar.gz   (the bundle as returndesk-<version>/)
#
# Depends is checked against the bundle: every library the bundle loads from the
# system (ldd) must come from a package named in Depends (or one they pull in).
set -euo pipefail
cd "$(dirname "$0")/../.."

BUNDLE=${1:-dist/ReturnDesk}
OUT=${OUT:-dist}
PKG=returndesk
HERE=packaging/linux

[ -x "$BUNDLE/ReturnDesk" ] && [ -x "$BUNDLE/returndesk-cli" ] ||
  { echo "build_deb: no bundle in $BUNDLE; run scripts/build_bundle.sh first" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "build_deb: dpkg-deb not found" >&2; exit 1; }

VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
if [ -f "$BUNDLE/_internal/VERSION" ] && [ "$(cat "$BUNDLE/_internal/VERSION")" != "$VERSION" ]; then
  echo "build_deb: bundle is version $(cat "$BUNDLE/_internal/VERSION"), pyproject says $VERSION: rebuild" >&2
  exit 1
fi
ARCH=$(dpkg --print-architecture)

# The newest glibc symbol version any bundled binary needs: the bundle runs on
# that glibc or newer (Debian 12 = 2.36), whatever else the target has.
GLIBC_MIN=$(find "$BUNDLE" -type f \( -name '*.so' -o -name '*.so.*' -o -name ReturnDesk -o -name returndesk-cli \) -print0 |
  xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)

# What the bundle does not carry and the target must have:
#  libegl1/libgl1/libxcb1/libdrm2: GL and X libraries PyInstaller never bundles;
#  fontconfig + fonts-noto-cjk: fonts are not bundled (Chinese shows as boxes without);
#  tzdata: Python's zoneinfo reads /usr/share/zoneinfo (store time zones);
#  xkb-data: keyboard layouts for Qt's xcb platform.
DEPENDS="libc6 (>= ${GLIBC_MIN:-2.36}), libegl1, libgl1, libxcb1, libdrm2, fontconfig, fonts-noto-cjk, tzdata, xkb-data"
RECOMMENDS="libpulse0, xdg-desktop-portal"

# --- check Depends against what the bundled libraries load from the system
if command -v ldd >/dev/null && command -v dpkg >/dev/null; then
  internal=$(cd "$BUNDLE/_internal" && pwd)
  system_libs=$(
    find "$internal" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 |
      LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" xargs -0 -n 50 ldd 2>/dev/null |
      awk '/=> \// {print $3}' | grep -v "^$internal" | sort -u
  )
  # Packages the Depends above pull in by themselves.
  covered=" $(echo "$DEPENDS" | sed 's/([^)]*)//g; s/,/ /g') libglvnd0 libglx0 libgcc-s1 libstdc++6 "
  uncovered=""
  for lib in $system_libs; do
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) ||
      pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || pkg=""
    [ -n "$pkg" ] || pkg="?"
    case "$covered" in *" $pkg "*) ;; *) uncovered="$uncovered $pkg($(basename "$lib"))" ;; esac
  done
  if [ -n "$uncovered" ]; then
    echo "build_deb: the bundle loads system libraries from packages not in Depends:$uncovered" >&2
    exit 1
  fi
  echo "build_deb: system libraries used by the bundle are covered by Depends ($(echo "$system_libs" | wc -w) libraries)"
fi

STAGE=build/deb/${PKG}_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/$PKG"
cp -a "$BUNDLE" "$STAGE/opt/returndesk"
ln -s /opt/returndesk/ReturnDesk "$STAGE/usr/bin/returndesk"
ln -s /opt/returndesk/returndesk-cli "$STAGE/usr/bin/returndesk-cli"
install -m 0644 "$HERE/returndesk.desktop" "$STAGE/usr/share/applications/returndesk.desktop"
install -m 0644 "$HERE/returndesk.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/returndesk.svg"
cat >"$STAGE/usr/share/doc/$PKG/README" <<EOF
ReturnDesk $VERSION - returns counter desktop app.
Installed in /opt/returndesk; commands: returndesk (the app), returndesk-cli
(verify-audit and other maintenance commands, console output).
Machine-wide settings: /etc/returndesk/returndesk.ini ([counter] store=, server=).
Per-user data: ~/.local/share/ReturnDesk (or --data-dir / \$RETURNDESK_DATA_DIR).
EOF
# Directories 0755, files keep the bundle's modes; nothing writable by others.
find "$STAGE" -type d -exec chmod 0755 {} +
chmod -R go-w "$STAGE"

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat >"$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: ReturnDesk IT <it@returndesk.invalid>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Recommends: $RECOMMENDS
Section: misc
Priority: optional
Homepage: https://returndesk.invalid/
Description: ReturnDesk returns counter
 Desktop app for a store's returns counter: intake, identity and order
 check, items and reason, condition and photo, resolution, summary. Works
 offline on a local SQLite database and syncs to the central service.
 .
 Self-contained (Python and Qt are bundled under /opt/returndesk).
EOF

cat >"$STAGE/DEBIAN/postinst" <<'EOF'
#!/bin/sh
# Machine-wide settings for a silent fleet install:
#   sudo RETURNDESK_STORE=SH01 RETURNDESK_SERVER=https://returns.example.com \
#        apt-get install -y ./returndesk_<version>_amd64.deb
# An existing file is never overwritten unless a value is given again.
set -e
CONF_DIR=/etc/returndesk
CONF=$CONF_DIR/returndesk.ini
if [ "$1" = configure ]; then
  if [ -n "${RETURNDESK_STORE:-}" ] || [ -n "${RETURNDESK_SERVER:-}" ]; then
    store=${RETURNDESK_STORE:-}
    server=${RETURNDESK_SERVER:-}
    if [ -f "$CONF" ]; then
      [ -n "$store" ] || store=$(sed -n 's/^store *= *//p' "$CONF" | head -1)
      [ -n "$server" ] || server=$(sed -n 's/^server *= *//p' "$CONF" | head -1)
    fi
    mkdir -p "$CONF_DIR"
    umask 022
    printf '; Written by the returndesk package (postinst). Read by ReturnDesk at start.\n[counter]\nstore = %s\nserver = %s\n' \
      "$store" "$server" >"$CONF.tmp"
    mv "$CONF.tmp" "$CONF"
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
  fi
fi
exit 0
EOF
cat >"$STAGE/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# The machine config goes on purge; staff data in the users' folders always stays.
set -e
if [ "$1" = purge ]; then
  rm -f /etc/returndesk/returndesk.ini /etc/returndesk/returndesk.ini.tmp
  rmdir /etc/returndesk 2>/dev/null || true
fi
exit 0
EOF
chmod 0755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum |
  sed 's| \./| |' >DEBIAN/md5sums)

mkdir -p "$OUT"
DEB="$OUT/${PKG}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "build_deb: $DEB ($(du -h "$DEB" | cut -f1), installs $((INSTALLED_KB / 1024)) MB)"

TARBALL="$OUT/${PKG}-${VERSION}-linux-${ARCH}.tar.gz"
tar -C "$(dirname "$BUNDLE")" --owner=0 --group=0 \
  --transform "s|^$(basename "$BUNDLE")|${PKG}-${VERSION}|" -czf "$TARBALL" "$(basename "$BUNDLE")"
echo "build_deb: $TARBALL ($(du -h "$TARBALL" | cut -f1))"
