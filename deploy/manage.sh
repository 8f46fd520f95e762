#!/bin/sh
# Run a management command with the platform's environment, as cron and the operators do:
#   /srv/jining/app/deploy/manage.sh check_search_index
# JINING_ENV names another environment file (default /etc/jining/jining.env).
set -eu
APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
set -a
. "${JINING_ENV:-/etc/jining/jining.env}"
set +a
cd "$APP_DIR"
exec "$APP_DIR/.venv/bin/python" manage.py "$@"
