#!/usr/bin/env bash
# Browser tests (Odoo tours) need Chromium; Debian's package is used (no browser download).
source "$(dirname "$0")/common.sh"
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
    || die "could not install chromium (apt-get install chromium)"
else
  die "Chromium is needed for the browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium)"
fi
