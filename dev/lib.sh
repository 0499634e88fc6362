#!/usr/bin/env bash
# Shared helpers for the dev/ scripts: JDK discovery, Node.js (for the catalog-client compatibility
# test), Chromium (for the hub's browser tests), the local PostgreSQL server, detached processes, Keycloak
# (dev/up's on 8180, the tests' on 8280) and nginx (for the gateway test).
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

# --- detached processes -----------------------------------------------------------------------

# True when dev/.run/<name>.pid names a live process whose command line still contains <marker>
# (so a PID recycled by an unrelated process is not mistaken for ours).
is_running() {
  local name=$1 marker=$2 pidfile="$ATRIUM_RUN/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" && return 0
  # kc.sh keeps running as the parent of the Keycloak JVM; the marker is on the JVM.
  pgrep -g "$pid" -f -- "$marker" >/dev/null 2>&1
}

# Starts a command detached in its own session (so dev/down can stop the whole process group),
# output to dev/.run/logs/<name>.log, PID to dev/.run/<name>.pid.
start_detached() {
  local name=$1; shift
  mkdir -p "$ATRIUM_RUN/logs"
  setsid "$@" >"$ATRIUM_RUN/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$ATRIUM_RUN/$name.pid"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls <url> until it answers 2xx; dies early (with the log tail) if the process named <name> exits.
wait_for_url() {
  local name=$1 url=$2 timeout=$3 pidfile="$ATRIUM_RUN/$1.pid" waited=0
  while ! curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      tail -n 40 "$ATRIUM_RUN/logs/$name.log" >&2 || true
      die "$name exited during start-up; full log: dev/.run/logs/$name.log"
    fi
    [ "$waited" -ge "$timeout" ] && die "$name not ready after ${timeout}s ($url); see dev/.run/logs/$name.log"
    sleep 2; waited=$((waited + 2))
  done
}

# --- Keycloak ---------------------------------------------------------------------------------

KEYCLOAK_VERSION=26.4.0
KEYCLOAK_REALM_FILE="$ATRIUM_ROOT/dev/keycloak/atrium-realm.json"
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-180}"
# The tests' Keycloak: its own installation and data under dev/.run/, an in-memory database (the realm is
# imported fresh at every start), left running between test runs; ./dev/down stops it.
ATRIUM_TEST_KEYCLOAK_PORT="${ATRIUM_TEST_KEYCLOAK_PORT:-8280}"
ATRIUM_TEST_KEYCLOAK_HOME="$ATRIUM_RUN/keycloak-test-$KEYCLOAK_VERSION"

# Unpacks Keycloak's Maven Central distribution into <home> (downloading it once into dev/.run/downloads).
install_keycloak() {
  local home=$1
  [ -x "$home/bin/kc.sh" ] && return 0
  local zip="$ATRIUM_RUN/downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "downloading Keycloak $KEYCLOAK_VERSION from Maven Central"
    mkdir -p "$ATRIUM_RUN/downloads"
    (cd "$ATRIUM_ROOT" && ./mvnw -B -q -N dependency:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        -DoutputDirectory="$ATRIUM_RUN/downloads") || die "could not download Keycloak from Maven Central"
  fi
  log "unpacking Keycloak into ${home#"$ATRIUM_ROOT"/}"
  rm -rf "$home.partial"
  mkdir -p "$home.partial"
  unzip -q "$zip" -d "$home.partial"
  mv "$home.partial/keycloak-$KEYCLOAK_VERSION" "$home"
  rm -rf "$home.partial"
}

# ensure_keycloak <name> <port> <home> [kc.sh start-dev options...]
# Makes sure a Keycloak serving the atrium realm answers on <port>: one that already answers there is
# used whoever started it, one that is still starting is waited for, otherwise <home> is installed and
# started detached (PID file dev/.run/<name>.pid, log dev/.run/logs/<name>.log). A machine-wide lock
# per port lets several checkouts call this at the same time: the first starts it, the others wait.
ensure_keycloak() {
  local name=$1 port=$2 home=$3; shift 3
  local url="http://localhost:$port/realms/atrium/.well-known/openid-configuration"
  local import="$home/data/import/atrium-realm.json" lock="${TMPDIR:-/tmp}/atrium-keycloak-$port.lock" fd
  exec {fd}>>"$lock"
  if ! flock -w "$KEYCLOAK_START_TIMEOUT" "$fd"; then
    exec {fd}>&-
    die "another script has been starting Keycloak on :$port for over ${KEYCLOAK_START_TIMEOUT}s (lock $lock)"
  fi
  if is_running "$name" "$home"; then
    cmp -s "$KEYCLOAK_REALM_FILE" "$import" ||
      log "dev/keycloak/atrium-realm.json changed since $name started; restart it ('./dev/down') to re-import it"
    wait_for_url "$name" "$url" "$KEYCLOAK_START_TIMEOUT"
    log "$name already running on :$port (PID $(cat "$ATRIUM_RUN/$name.pid"))"
  elif curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
    log "a Keycloak not started from this checkout already serves the atrium realm on :$port; using it"
  elif port_busy "$port"; then
    # Something holds the port without answering yet: a Keycloak another checkout is still starting
    # (started before this lock existed) gets the usual start-up time, anything else is an error.
    log "port $port is taken but the atrium realm does not answer yet; waiting for it"
    local waited=0
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
      if [ "$waited" -ge "$KEYCLOAK_START_TIMEOUT" ]; then
        exec {fd}>&-
        die "port $port is taken by a program that does not serve the atrium realm; stop it and try again"
      fi
      sleep 2; waited=$((waited + 2))
    done
    log "a Keycloak not started from this checkout now serves the atrium realm on :$port; using it"
  else
    install_keycloak "$home"
    mkdir -p "$home/data/import"
    # --import-realm skips realms that already exist, so a changed realm file needs a fresh dev database.
    if [ -f "$import" ] && ! cmp -s "$KEYCLOAK_REALM_FILE" "$import"; then
      log "realm file changed: resetting $name's dev database so it is imported again"
      rm -rf "$home/data/h2"
    fi
    cp "$KEYCLOAK_REALM_FILE" "$import"
    log "starting $name on :$port (the first start takes a minute or two)"
    # The add-opens keeps Keycloak's thread pool quiet on JDK 24+ (its thread-local reset needs it).
    # {fd}>&-: Keycloak must not inherit the lock, or it would hold it for as long as it runs.
    start_detached "$name" env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
      JAVA_OPTS_APPEND="--add-opens=java.base/java.lang=ALL-UNNAMED" \
      "$home/bin/kc.sh" start-dev --http-port "$port" --import-realm "$@" {fd}>&-
    wait_for_url "$name" "$url" "$KEYCLOAK_START_TIMEOUT"
    log "$name ready on :$port, realm atrium imported"
  fi
  exec {fd}>&-
}

# The Keycloak the tests use (access-service's identity-provider adapter runs against it); exports
# ATRIUM_TEST_KEYCLOAK_URL for Maven and the tests it forks.
ensure_test_keycloak() {
  ensure_keycloak keycloak-test "$ATRIUM_TEST_KEYCLOAK_PORT" "$ATRIUM_TEST_KEYCLOAK_HOME" --db dev-mem
  export ATRIUM_TEST_KEYCLOAK_URL="http://localhost:$ATRIUM_TEST_KEYCLOAK_PORT"
}

# --- nginx --------------------------------------------------------------------------------------

# Installs nginx with apt if absent (access-service's gateway test runs it with its own configuration
# on a free port). Debian's package would start its default site on port 80: a policy-rc.d put in
# place for the installation stops that.
ensure_nginx() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && return 0
  log "nginx not installed: installing it with apt (for the gateway forward-auth test)"
  local policy=/usr/sbin/policy-rc.d added=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && added=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  } || true
  $added && as_root rm -f "$policy"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || die "nginx is required for the gateway test (apt-get install -y nginx)"
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

# Installs jq with apt if absent (dev/up's demo data and the commands it prints use it).
ensure_jq() {
  command -v jq >/dev/null 2>&1 && return 0
  log "jq not installed: installing it with apt"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1 || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
  } || true
  command -v jq >/dev/null 2>&1 || die "jq is required (apt-get install -y jq)"
}
