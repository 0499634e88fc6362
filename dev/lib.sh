#!/usr/bin/env bash
# Shared helpers for the dev/ scripts: JDK discovery, Node.js (for the catalog-client compatibility
# test), Chromium (for the hub's browser tests) and the local PostgreSQL server.
# Sourced, not executed.

ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ATRIUM_RUN="$ATRIUM_ROOT/dev/.run"
ATRIUM_PG_HOST="${ATRIUM_PG_HOST:-127.0.0.1}"
ATRIUM_PG_PORT="${ATRIUM_PG_PORT:-5432}"
ATRIUM_PG_USER="${ATRIUM_PG_USER:-atrium}"
ATRIUM_PG_PASSWORD="${ATRIUM_PG_PASSWORD:-atrium}"
ATRIUM_DATABASES="${ATRIUM_DATABASES:-atrium_catalog}"

log()  { printf '\033[1;34m[atrium]\033[0m %s\n' "$*"; }
die()  { printf '\033[1;31m[atrium] %s\033[0m\n' "$*" >&2; exit 1; }

java_major() { # prints the major version of the java binary given, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
  echo "${v:-0}" | cut -d. -f1
}

# Exports JAVA_HOME pointing at a JDK >= 21: $JAVA_HOME first, then /usr/lib/jvm/*.
find_jdk() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c/bin/java")" -ge 21 ]; then
      export JAVA_HOME="$c"; export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  die "No JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. 'apt-get install -y openjdk-21-jdk' or a Temurin 21+ JDK, and set JAVA_HOME."
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

pg_ready() { pg_isready -q -h "$ATRIUM_PG_HOST" -p "$ATRIUM_PG_PORT" 2>/dev/null; }

# Installs PostgreSQL if absent, starts the cluster if stopped, creates the atrium role and databases.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "PostgreSQL not installed: installing it with apt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if ! pg_ready; then
    local ver
    ver=$(pg_lsclusters -h 2>/dev/null | awk '{print $1; exit}')
    if [ -z "$ver" ]; then
      ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
      log "creating PostgreSQL $ver cluster 'main'"
      as_root pg_createcluster "$ver" main >/dev/null
    fi
    log "starting PostgreSQL $ver/main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL did not become ready on $ATRIUM_PG_HOST:$ATRIUM_PG_PORT"
  fi
  as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ATRIUM_PG_USER') THEN
    CREATE ROLE $ATRIUM_PG_USER LOGIN CREATEDB PASSWORD '$ATRIUM_PG_PASSWORD';
  ELSE
    ALTER ROLE $ATRIUM_PG_USER LOGIN CREATEDB PASSWORD '$ATRIUM_PG_PASSWORD';
  END IF;
END \$\$;
SQL
  local db
  for db in $ATRIUM_DATABASES; do
    if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      as_postgres createdb -O "$ATRIUM_PG_USER" "$db"
    fi
  done
  # pg_trgm backs full-text filters; it is a trusted extension but create it once as superuser anyway.
  for db in $ATRIUM_DATABASES template1; do
    as_postgres psql -q -d "$db" -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' >/dev/null
  done
}

# Installs Node.js and npm with apt if absent (CatalogClientCompatTest runs @backstage/catalog-client with them).
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "Node.js/npm not installed: installing them with apt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || die "node and npm are required (apt-get install -y nodejs npm)"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "$major" -ge 18 ] || die "Node.js 18 or newer is required, found $(node --version)"
}

# Installs Chromium and its WebDriver with apt if absent (the hub-ui browser tests drive them through
# Selenium; no tool may download a browser of its own).
ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    log "Chromium/chromedriver not installed: installing them with apt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 ||
    die "chromium and chromedriver are required (apt-get install -y chromium chromium-driver)"
}
