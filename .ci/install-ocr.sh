#!/usr/bin/env bash
# Installs Debian's OCR tools (tesseract with English, poppler's pdftoppm), so the tests of OCR on scanned
# PDF pages run in CI rather than skip. DocQA itself uses them only when OCR_ENABLED=true, except poppler's
# pdftotext, its fast PDF text reader whenever present (the tests of that path need it too).
# Idempotent: exits at once when both are installed.
set -euo pipefail

if command -v tesseract >/dev/null && command -v pdftoppm >/dev/null; then
  echo "ocr: tesseract and pdftoppm already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils >/dev/null
echo "ocr: installed $(tesseract --version 2>&1 | head -n 1)"
