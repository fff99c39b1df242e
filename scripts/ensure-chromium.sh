#!/usr/bin/env bash
# Makes sure Debian's Chromium (for the web pages' browser tests, driven by playwright-core
# with the system browser: nothing is downloaded at run time) and Python's icalendar (the
# independent parser the calendar feed is validated with) are installed.
# Idempotent: does nothing when both are there. It only installs packages.
set -euo pipefail

have_chromium() { [ -x /usr/bin/chromium ]; }
have_icalendar() { /usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1; }

if have_chromium && have_icalendar; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: chromium or python3-icalendar is missing and installing them needs root (apt-get)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium or python3-icalendar is missing and this is not a Debian-like system (no apt-get)." >&2
  exit 1
fi

echo "ensure-chromium: installing chromium and python3-icalendar"
export DEBIAN_FRONTEND=noninteractive
# A fresh image may have no package lists yet; refresh them only when the install needs it.
if ! apt-get install -y --no-install-recommends chromium python3-icalendar fonts-dejavu-core >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y --no-install-recommends chromium python3-icalendar fonts-dejavu-core
fi

if ! have_chromium || ! have_icalendar; then
  echo "ensure-chromium: the packages were installed but /usr/bin/chromium or Python's icalendar is still missing." >&2
  exit 1
fi
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1) is ready"
