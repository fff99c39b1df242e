#!/usr/bin/env bash
# Makes sure Debian's Dovecot IMAP server is installed for the e-mail integration tests.
# Idempotent: does nothing when the binaries are already there. It only installs the
# package: it never starts the system service and never reads or edits /etc/dovecot,
# because the tests run their own private instance (tests/helpers/dovecot.ts).
set -euo pipefail

have_dovecot() {
  command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/imap ]
}

if have_dovecot; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-dovecot: dovecot-imapd is missing and installing it needs root (apt-get)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-dovecot: dovecot-imapd is missing and this is not a Debian-like system (no apt-get)." >&2
  exit 1
fi

echo "ensure-dovecot: installing dovecot-imapd"
export DEBIAN_FRONTEND=noninteractive
# A fresh image may have no package lists yet; refresh them only when the install needs it.
if ! apt-get install -y --no-install-recommends dovecot-imapd >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y --no-install-recommends dovecot-imapd
fi

if ! have_dovecot; then
  echo "ensure-dovecot: dovecot-imapd was installed but dovecot or /usr/lib/dovecot/imap is still missing." >&2
  exit 1
fi
echo "ensure-dovecot: $(dovecot --version | head -n 1) is ready"
