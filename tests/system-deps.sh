#!/usr/bin/env bash
# Install the Debian packages the tests drive, when they are missing:
# PostgreSQL 15 (the database), Redis (Celery's broker), Chromium (browser
# tests) and Pango (PDF invoices).
set -euo pipefail

needed=()
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || needed+=(postgresql-15)
[[ -x /usr/bin/chromium ]] || needed+=(chromium)
command -v redis-server >/dev/null || needed+=(redis-server)
ldconfig -p | grep -q libpango-1.0.so || needed+=(libpango-1.0-0)
ldconfig -p | grep -q libpangoft2-1.0.so || needed+=(libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset.so || needed+=(libharfbuzz-subset0)
fc-list >/dev/null 2>&1 && [[ -n "$(fc-list)" ]] || needed+=(fonts-dejavu-core)

if (( ${#needed[@]} )); then
    if [[ "$(id -u)" != 0 ]]; then
        echo "Missing Debian packages: ${needed[*]} (run as root, or install them)." >&2
        exit 1
    fi
    echo "Installing Debian packages: ${needed[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${needed[@]}" >/dev/null
fi
