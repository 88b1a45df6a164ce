#!/usr/bin/env bash
# Usage: ensure-debian-package.sh <package> <command or absolute path> <what needs it>
# Installs Debian's <package> when <command> is missing, as root or with `sudo -n` (never a password
# prompt in CI). Runs before `npm test` (through ensure-chromium.sh and ensure-redis.sh, the "pretest"
# script), so a fresh clone or CI machine needs nothing by hand.
set -euo pipefail

package="$1"
command="$2"
purpose="$3"
present() { command -v "$command" >/dev/null 2>&1; }

if present; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure $package: $command is missing and apt-get is not available: install Debian's $package package" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  echo "ensure $package: $command is missing, and installing it needs root or sudo" >&2
  exit 1
fi

echo "ensure $package: installing Debian's $package (apt-get) for $purpose" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "$package"

if ! present; then
  echo "ensure $package: apt-get finished but $command is still missing" >&2
  exit 1
fi
"$command" --version >&2
