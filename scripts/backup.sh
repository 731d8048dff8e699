#!/usr/bin/env bash
# Back up the database (DATABASE_URL, or the SQLite default) and MEDIA_ROOT into one archive
# under var/backups/ (BACKUP_DIR, or --dir DIR), with a manifest of counts and checksums.
#   scripts/backup.sh            # what `make backup` runs
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" scripts/backup_check.py backup "$@"
