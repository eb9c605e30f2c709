#!/usr/bin/env bash
# PDF reports (invoices, intervention reports, QR labels) need wkhtmltopdf; Debian's package is
# used, as setup_browser.sh does for Chromium. Without it every PDF fails with "Wkhtmltopdf est
# introuvable" (and the tests that download PDFs fail).
source "$(dirname "$0")/common.sh"
if command -v wkhtmltopdf >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing Debian's wkhtmltopdf for the PDF reports"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wkhtmltopdf >/dev/null \
    || die "could not install wkhtmltopdf (apt-get install wkhtmltopdf)"
else
  die "wkhtmltopdf is needed for the PDF reports: install it (Debian/Ubuntu: sudo apt-get install wkhtmltopdf)"
fi
