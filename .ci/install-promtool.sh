#!/usr/bin/env bash
# Installs promtool (from Debian's prometheus package), so the checks and unit tests of the alert rules in
# infrastructure/prometheus run in CI rather than skip. Only the promtool binary is taken from the package:
# installing the package itself would also install and start a Prometheus server, which the tests do not need.
# Idempotent: exits at once when promtool is on PATH.
set -euo pipefail

if command -v promtool >/dev/null; then
  echo "promtool: already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt downloads as its own unprivileged user
apt-get update -qq
(cd "$work" && apt-get download -qq prometheus)
dpkg-deb -x "$work"/prometheus_*.deb "$work/root"
install -m 0755 "$work/root/usr/bin/promtool" /usr/local/bin/promtool
echo "promtool: installed $(promtool --version 2>&1 | head -n 1)"
