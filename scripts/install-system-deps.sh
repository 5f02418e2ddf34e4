#!/usr/bin/env bash
# Installs every Debian package the test suite needs:
#   - python3-glance, python3-keystone: a real OpenStack Glance v2 API and Keystone,
#     run on loopback by scripts/openstack-up.sh (see test/support/openstack.ts), which
#     also uses curl to poll them;
#   - chromium: headless browser for the GraphiQL test (driven by playwright-core);
#   - redis-server: the shared state of several replicas, started on loopback by
#     test/support/redis.ts for the tests under test/state/.
# Idempotent: when every package is already installed it does nothing and exits 0.
# Runs as root with no tty (CI=true); package maintainer scripts start no services.
set -euo pipefail

PACKAGES=(python3-glance python3-keystone curl chromium redis-server)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: all present (${PACKAGES[*]})"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
    echo "install-system-deps: must run as root (missing: ${missing[*]})" >&2
    exit 1
  fi
fi

echo "install-system-deps: installing ${missing[*]}"
start=$(date +%s)

# Keep package scripts from starting services: a policy-rc.d that exits 101 for the
# duration of the install. A policy-rc.d that was already there is put back afterwards.
POLICY=/usr/sbin/policy-rc.d
backup=""
if [ -e "$POLICY" ]; then
  backup=$(mktemp)
  "${SUDO[@]}" cp -p "$POLICY" "$backup"
fi
cleanup() {
  if [ -n "$backup" ]; then "${SUDO[@]}" cp -p "$backup" "$POLICY"; rm -f "$backup"
  else "${SUDO[@]}" rm -f "$POLICY"; fi
}
trap cleanup EXIT
printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
"${SUDO[@]}" chmod 755 "$POLICY"

export DEBIAN_FRONTEND=noninteractive
# Wait for a dpkg lock held by another apt run instead of failing at once.
apt_opts=(-o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0)
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq -o DPkg::Lock::Timeout=900
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "${apt_opts[@]}" "${missing[@]}"

echo "install-system-deps: done in $(( $(date +%s) - start )) s"
