#!/usr/bin/env bash
# Install the Debian packages Ascent needs outside Python and npm, when they are missing:
#   chromium          the browser the end-to-end tests drive (never Playwright's download)
#   libpango-1.0-0    text layout for WeasyPrint's PDFs
#   fonts-liberation  Arial-compatible fonts for PDFs and charts
# Usage: scripts/system-packages.sh [--with-browser]
set -euo pipefail

wanted=(libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core)
if [[ "${1:-}" == "--with-browser" ]]; then
  wanted+=(chromium)
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
