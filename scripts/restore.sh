#!/usr/bin/env bash
# Restore an archive made by scripts/backup.sh, then check counts and checksums against its manifest.
#   scripts/restore.sh ARCHIVE
#   TARGET_DATABASE_URL=postgres://... TARGET_MEDIA_ROOT=/path scripts/restore.sh ARCHIVE
# The target defaults to the configured database and MEDIA_ROOT; if either already holds data the
# restore refuses unless CONFIRM=yes. Exits 1, listing every difference, if the check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
archive="${1:-${BACKUP:-}}"
if [ -z "$archive" ]; then
  echo "usage: make restore BACKUP=var/backups/hongqiao-....tar.gz [TARGET_DATABASE_URL=...] [CONFIRM=yes]" >&2
  echo "backups found:" >&2
  ls -1t var/backups/hongqiao-*.tar.gz 2>/dev/null | head -5 | sed 's/^/  /' >&2 || true
  exit 2
fi
[ $# -gt 0 ] && shift
exec "${PYTHON:-.venv/bin/python}" scripts/backup_check.py restore "$archive" "$@"
