#!/usr/bin/env bash
# Runs a real OpenStack Keystone and Glance v2 API on loopback, for the test suite.
#
#   scripts/openstack-up.sh STATE_DIR
#
# Writes every config into STATE_DIR (keystone.conf with sqlite in WAL mode, glance-api.conf,
# glance-api-paste.ini, glance-policy.yaml), runs keystone-manage db_sync / fernet_setup /
# credential_setup / bootstrap (in one Python process, to keep start-up short), creates the
# test projects and users, runs glance-manage db_sync, then starts Keystone and Glance (paste
# flavor "keystone") with Debian's /usr/bin/python3 on free 127.0.0.1 ports and polls until
# both answer. The databases and keys from setup are kept as a template in a cache dir
# (see CACHE_ROOT below) so that later runs skip the setup commands.
#
# When ready it writes STATE_DIR/openstack.json and prints one line
#   OPENSTACK_READY {...same json...}
# on stdout, then stays in the foreground supervising both servers. SIGTERM/SIGINT/SIGHUP
# stop both servers (and reap them) before the script exits; so does the death of the
# process that started this script, or of either server (exit 1). If this script itself is
# killed with SIGKILL, the kernel sends SIGTERM to the servers (PR_SET_PDEATHSIG).
# Logs: STATE_DIR/*.log. Exit 3: the Debian packages are missing.
#
# Users (domain Default), with fixed passwords since everything is on loopback:
#   admin / admin-secret     role admin  on project admin
#   alice / alice-secret     role member on project proj-a
#   bob   / bob-secret       role member on project proj-b
#   glance / glance-secret   role admin  on project service (Glance's keystone_authtoken user)
#
# Environment: OPENSTACK_UP_READY_TIMEOUT (s, default 180), OPENSTACK_UP_CACHE=0 (no
# template cache), OPENSTACK_UP_CACHE_DIR (default ~/.cache/image-gateway-openstack).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 STATE_DIR" >&2
  exit 2
fi

PY=/usr/bin/python3   # Debian's python: the one on PATH may be pyenv's, which lacks the modules
T0=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - T0) / 1000000 )) ms"; }
log() { echo "openstack-up: $* ($(elapsed))" >&2 2>/dev/null || true; }
# If whoever reads our output has gone, writes must fail quietly, not kill this script
# before it has stopped its children.
trap '' PIPE

DIST=/usr/lib/python3/dist-packages
if [ ! -x "$PY" ] || [ ! -f "$DIST/glance/cmd/api.py" ] || [ ! -f "$DIST/keystone/server/wsgi.py" ] \
   || [ ! -f "$DIST/keystonemiddleware/auth_token/__init__.py" ] || ! command -v curl >/dev/null; then
  echo "openstack-up: Debian's python3-glance / python3-keystone (or curl) are not installed:" \
       "run scripts/install-system-deps.sh (as root) first" >&2
  exit 3
fi

mkdir -p "$1"
STATE=$(cd "$1" && pwd -P)
PARENT=$PPID
# Our parent has died when we have been re-parented (or it no longer exists).
parent_alive() { [ "$(awk '{print $4}' /proc/$$/stat 2>/dev/null)" = "$PARENT" ] && kill -0 "$PARENT" 2>/dev/null; }
mkdir -p "$STATE"/{fernet-keys,credential-keys,glance/images,glance/staging,glance/tasks,locks}
chmod 700 "$STATE"/fernet-keys "$STATE"/credential-keys

# Two free loopback ports, held together so they differ.
read -r KPORT GPORT < <("$PY" - <<'EOF'
import socket
a = socket.socket(); a.bind(("127.0.0.1", 0))
b = socket.socket(); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])
EOF
)
KEYSTONE_URL="http://127.0.0.1:$KPORT"
GLANCE_URL="http://127.0.0.1:$GPORT"

# ---------------------------------------------------------------- configs
cat >"$STATE/keystone.conf" <<EOF
[DEFAULT]
log_file = $STATE/keystone-app.log
use_stderr = false

[database]
connection = sqlite:///$STATE/keystone.sqlite
sqlite_synchronous = false

[identity]
# bcrypt at the minimum cost: every token request hashes a password.
password_hash_rounds = 4

[fernet_tokens]
key_repository = $STATE/fernet-keys

[fernet_receipts]
key_repository = $STATE/fernet-keys

[credential]
key_repository = $STATE/credential-keys

[oslo_concurrency]
lock_path = $STATE/locks
EOF

cat >"$STATE/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $GPORT
workers = 0
log_file = $STATE/glance.log
use_stderr = false
debug = false
enabled_backends = fs:file
show_image_direct_url = false

[image_format]
disk_formats = ami,ari,aki,vhd,vhdx,vmdk,raw,qcow2,vdi,iso,ploop,zvhd2,zvhd

[database]
connection = sqlite:///$STATE/glance.sqlite
sqlite_synchronous = false

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = $STATE/glance/images/

[os_glance_staging_store]
filesystem_store_datadir = $STATE/glance/staging/

[os_glance_tasks_store]
filesystem_store_datadir = $STATE/glance/tasks/

[paste_deploy]
flavor = keystone
config_file = $STATE/glance-api-paste.ini

[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL/v3
auth_url = $KEYSTONE_URL/v3
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = glance
password = glance-secret
interface = public
# A token checked once is cached in-process for this long.
token_cache_time = 300

[oslo_policy]
policy_file = $STATE/glance-policy.yaml

[oslo_concurrency]
lock_path = $STATE/locks
EOF

# Glance's default rules (Zed) are kept; the file exists so tests can see where to add rules.
cat >"$STATE/glance-policy.yaml" <<'EOF'
# Glance policy overrides for the test stack (empty: Glance's own defaults apply).
{}
EOF

# Debian's python3-glance ships no paste ini: this is upstream's, trimmed to what runs here.
cat >"$STATE/glance-api-paste.ini" <<EOF
# No auth: an unauthenticated admin-like context.
[pipeline:glance-api]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler unauthenticated-context rootapp

# Keystone auth ([paste_deploy] flavor = keystone): the one this stack runs.
[pipeline:glance-api-keystone]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler authtoken context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = $STATE/glance-healthcheck-disable

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
EOF

# Keystone setup in one process: db_sync, fernet_setup, credential_setup, bootstrap
# (each is keystone-manage's own command), then the test projects and users.
cat >"$STATE/keystone-setup.py" <<'EOF'
import sqlite3
import sys

conf, url, db = sys.argv[1], sys.argv[2], sys.argv[3]

# WAL is a property of the database file: set it before anything writes, so every later
# connection (keystone-manage, the server's threads) uses it. Without it concurrent
# writes fail with "database is locked".
c = sqlite3.connect(db)
assert c.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
c.close()

from keystone.cmd import cli  # noqa: E402

base = ["keystone-manage", "--config-file", conf]
for cmd in (
    ["db_sync"],
    ["fernet_setup", "--keystone-user", "root", "--keystone-group", "root"],
    ["credential_setup", "--keystone-user", "root", "--keystone-group", "root"],
    ["bootstrap", "--bootstrap-password", "admin-secret",
     "--bootstrap-username", "admin", "--bootstrap-project-name", "admin",
     "--bootstrap-role-name", "admin", "--bootstrap-region-id", "RegionOne",
     "--bootstrap-admin-url", url + "/v3", "--bootstrap-public-url", url + "/v3",
     "--bootstrap-internal-url", url + "/v3"],
):
    cli.CONF.clear()  # forget the previous command's parsed arguments
    cli.main(argv=base + cmd)

from keystone.common import provider_api  # noqa: E402

P = provider_api.ProviderAPIs
DOMAIN = "default"
roles = {r["name"]: r["id"] for r in P.role_api.list_roles()}


def project(name):
    found = [p for p in P.resource_api.list_projects() if p["name"] == name]
    if found:
        return found[0]["id"]
    import uuid
    pid = uuid.uuid4().hex
    P.resource_api.create_project(pid, {
        "id": pid, "name": name, "domain_id": DOMAIN, "enabled": True,
        "description": "test project", "is_domain": False, "parent_id": DOMAIN})
    return pid


def user(name, password, project_name, role):
    pid = project(project_name)
    try:
        u = P.identity_api.get_user_by_name(name, DOMAIN)
    except Exception:
        u = P.identity_api.create_user({
            "name": name, "domain_id": DOMAIN, "enabled": True,
            "password": password, "default_project_id": pid})
    P.assignment_api.add_role_to_user_and_project(u["id"], pid, roles[role])


user("glance", "glance-secret", "service", "admin")
user("alice", "alice-secret", "proj-a", "member")
user("bob", "bob-secret", "proj-b", "member")

c = sqlite3.connect(db)
mode = c.execute("PRAGMA journal_mode").fetchone()[0]
assert mode == "wal", mode
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file: it may be copied
c.close()
print("keystone-setup: done")
EOF

# Keystone's own WSGI test server (what keystone-wsgi-public does): wsgiref, HTTP/1.0, one
# request at a time. Not threaded on purpose: under a ThreadingMixIn server Keystone
# intermittently answered 403 to Glance's token validations (request state shared across
# threads), and its sqlite connections complained about being used across threads.
# A deep listen backlog lets concurrent clients queue instead of waiting out SYN retries.
# Logs each request line to stderr (keystone.log).
cat >"$STATE/keystone-server.py" <<'EOF'
import os
import sys
import wsgiref.simple_server as wss

host, port = "127.0.0.1", int(os.environ["KEYSTONE_PORT"])
sys.argv = sys.argv[:1]  # keystone parses sys.argv as its own options

from keystone.server.wsgi import initialize_public_application  # noqa: E402

app = initialize_public_application()


class Server(wss.WSGIServer):
    allow_reuse_address = True
    request_queue_size = 256


class Handler(wss.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s - - [%s] %s\n" % (
            self.address_string(), self.log_date_time_string(), fmt % args))
        sys.stderr.flush()


httpd = wss.make_server(host, port, app, server_class=Server, handler_class=Handler)
print("keystone listening on http://%s:%d/" % (host, port), flush=True)
httpd.serve_forever()
EOF

log "configs written to $STATE; keystone :$KPORT, glance :$GPORT"

# Every Python process is started through this launcher: it asks the kernel to send it
# SIGTERM if this script dies (PR_SET_PDEATHSIG), even by SIGKILL, so none can outlive it.
cat >"$STATE/run-child.py" <<'EOF'
import ctypes
import os
import runpy
import signal
import sys

ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
if os.getppid() != int(os.environ["OPENSTACK_UP_PID"]):
    sys.exit("openstack-up: parent already gone")
if sys.argv[1] == "-m":
    sys.argv = [sys.argv[2]] + sys.argv[3:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
EOF
export OPENSTACK_UP_PID=$$
RUN=("$PY" "$STATE/run-child.py")

# ---------------------------------------------------------------- processes
# Every process started below is a child of this script, which reaps it: none outlives it.
KEYSTONE_PID=""
GLANCE_PID=""
GLANCE_DB_PID=""
KEYSTONE_SETUP_PID=""
SLEEP_PID=""
stopping=0
shutdown() {
  local rc=${1:-0}
  if [ "$stopping" = 1 ]; then return; fi
  stopping=1
  trap '' TERM INT HUP
  if [ -n "${SLEEP_PID:-}" ]; then kill "$SLEEP_PID" 2>/dev/null || true; fi
  local pids=()
  for p in "$KEYSTONE_PID" "$GLANCE_PID" "$GLANCE_DB_PID" "$KEYSTONE_SETUP_PID"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then pids+=("$p"); fi
  done
  if [ "${#pids[@]}" -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # Give them 5 s to exit, then SIGKILL; always reap them so none is left as a zombie.
    for _ in $(seq 50); do
      local alive=0
      for p in "${pids[@]}"; do
        if [ -d "/proc/$p" ] && [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ]; then alive=1; fi
      done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  fi
  rm -f "$STATE/openstack.json"
  exit "$rc"
}
trap 'shutdown 0' TERM INT HUP
trap 'shutdown $?' EXIT   # any other way out (set -e) also stops and reaps the children

start_glance() {
  "${RUN[@]}" -m glance.cmd.api --config-file "$STATE/glance-api.conf" >"$STATE/glance-stdout.log" 2>&1 &
  GLANCE_PID=$!
  log "started glance (pid $GLANCE_PID)"
}
start_keystone() {
  OS_KEYSTONE_CONFIG_DIR="" OS_KEYSTONE_CONFIG_FILES="$STATE/keystone.conf" KEYSTONE_PORT=$KPORT \
    "${RUN[@]}" "$STATE/keystone-server.py" >"$STATE/keystone.log" 2>&1 &
  KEYSTONE_PID=$!
  log "started keystone (pid $KEYSTONE_PID)"
}

# The databases and keys that setup produces depend only on the package versions and this
# script, except for the Keystone URL in the service catalog: the first run saves them as a
# template in a cache dir, later runs copy the template and rewrite that URL, which halves
# start-up CPU. OPENSTACK_UP_CACHE=0 turns this off; OPENSTACK_UP_CACHE_DIR moves it.
CACHE_ROOT=${OPENSTACK_UP_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/image-gateway-openstack}
CACHE_KEY=$( { dpkg-query -W -f='${Package} ${Version}\n' python3-glance python3-keystone 2>/dev/null || true
               cat "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)
TEMPLATE="$CACHE_ROOT/$CACHE_KEY"
TEMPLATE_FILES=(keystone.sqlite glance.sqlite fernet-keys credential-keys)
use_cache=0
if [ "${OPENSTACK_UP_CACHE:-1}" != 0 ]; then use_cache=1; fi

if [ "$use_cache" = 1 ] && [ -f "$TEMPLATE/complete" ]; then
  for f in "${TEMPLATE_FILES[@]}"; do rm -rf "${STATE:?}/$f"; cp -a "$TEMPLATE/$f" "$STATE/$f"; done
  "$PY" - "$STATE/keystone.sqlite" "$KEYSTONE_URL/v3" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE endpoint SET url = ?", (sys.argv[2],))
c.commit()
assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
c.close()
EOF
  log "databases and keys copied from $TEMPLATE"
  start_glance
  start_keystone
else
  # Glance (db_sync, then the API) and Keystone (setup, then the server) start side by side:
  # Glance needs nothing from Keystone until the first authenticated request.
  SAVE=""
  if [ "$use_cache" = 1 ] && mkdir -p "$CACHE_ROOT" 2>/dev/null; then
    SAVE=$(mktemp -d "$CACHE_ROOT/.new-XXXXXX" 2>/dev/null || true)
  fi
  "${RUN[@]}" -m glance.cmd.manage --config-file "$STATE/glance-api.conf" db_sync \
    >"$STATE/glance-manage.log" 2>&1 &
  GLANCE_DB_PID=$!
  "${RUN[@]}" "$STATE/keystone-setup.py" "$STATE/keystone.conf" "$KEYSTONE_URL" \
    "$STATE/keystone.sqlite" >"$STATE/keystone-setup.log" 2>&1 &
  KEYSTONE_SETUP_PID=$!
  while [ -n "$GLANCE_DB_PID" ] || [ -n "$KEYSTONE_SETUP_PID" ]; do
    done_pid=""
    rc=0
    wait -n -p done_pid $GLANCE_DB_PID $KEYSTONE_SETUP_PID || rc=$?
    if [ "$done_pid" = "$GLANCE_DB_PID" ]; then
      GLANCE_DB_PID=""
      if [ "$rc" != 0 ]; then
        echo "openstack-up: glance db_sync failed ($rc); last lines of $STATE/glance-manage.log:" >&2
        tail -n 30 "$STATE/glance-manage.log" >&2
        [ -n "$SAVE" ] && rm -rf "$SAVE"
        shutdown 1
      fi
      log "glance db_sync done"
      [ -n "$SAVE" ] && cp -a "$STATE/glance.sqlite" "$SAVE/"
      start_glance
    elif [ "$done_pid" = "$KEYSTONE_SETUP_PID" ]; then
      KEYSTONE_SETUP_PID=""
      if [ "$rc" != 0 ]; then
        echo "openstack-up: keystone setup failed ($rc); last lines of $STATE/keystone-setup.log:" >&2
        tail -n 30 "$STATE/keystone-setup.log" >&2
        [ -n "$SAVE" ] && rm -rf "$SAVE"
        shutdown 1
      fi
      log "keystone db_sync, fernet_setup, credential_setup, bootstrap, users done"
      [ -n "$SAVE" ] && cp -a "$STATE/keystone.sqlite" "$STATE/fernet-keys" "$STATE/credential-keys" "$SAVE/"
      start_keystone
    fi
  done
  if [ -n "$SAVE" ]; then
    touch "$SAVE/complete"
    # Atomic: if another run saved the same template meanwhile, keep theirs.
    mv -T "$SAVE" "$TEMPLATE" 2>/dev/null || rm -rf "$SAVE"
  fi
fi

# Poll until both answer (Keystone: GET /v3 -> 200; Glance: GET /healthcheck -> 200).
up() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
k_ok=0; g_ok=0
# Normally ~5-15 s; far longer when the machine is busy (both servers are CPU-bound on start).
READY_TIMEOUT=${OPENSTACK_UP_READY_TIMEOUT:-180}
ready_deadline=$((SECONDS + READY_TIMEOUT))
while [ "$SECONDS" -lt "$ready_deadline" ]; do
  [ "$k_ok" = 1 ] || { up "$KEYSTONE_URL/v3" && k_ok=1; } || true
  [ "$g_ok" = 1 ] || { up "$GLANCE_URL/healthcheck" && g_ok=1; } || true
  [ "$k_ok" = 1 ] && [ "$g_ok" = 1 ] && break
  for pair in "keystone:$KEYSTONE_PID:keystone.log" "glance:$GLANCE_PID:glance.log"; do
    IFS=: read -r name pid logf <<<"$pair"
    if ! kill -0 "$pid" 2>/dev/null || [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ]; then
      echo "openstack-up: $name exited during start-up; last lines of its logs in $STATE:" >&2
      tail -n 30 "$STATE/$logf" >&2 || true
      if [ "$name" = glance ]; then tail -n 30 "$STATE/glance-stdout.log" >&2 || true
      else tail -n 30 "$STATE/keystone-app.log" >&2 || true; fi
      shutdown 1
    fi
  done
  parent_alive || shutdown 1
  sleep 0.1
done
if [ "$k_ok" != 1 ] || [ "$g_ok" != 1 ]; then
  echo "openstack-up: not ready after $READY_TIMEOUT s (keystone=$k_ok glance=$g_ok); see $STATE/*.log" >&2
  shutdown 1
fi

READY=$(cat <<EOF
{"stateDir":"$STATE","keystoneUrl":"$KEYSTONE_URL/v3","glanceUrl":"$GLANCE_URL","supervisorPid":$$,"keystonePid":$KEYSTONE_PID,"glancePid":$GLANCE_PID,"glanceLog":"$STATE/glance.log","keystoneLog":"$STATE/keystone.log","admin":{"username":"admin","password":"admin-secret","projectName":"admin","userDomainName":"Default","projectDomainName":"Default"},"users":{"alice":{"username":"alice","password":"alice-secret","projectName":"proj-a","userDomainName":"Default","projectDomainName":"Default"},"bob":{"username":"bob","password":"bob-secret","projectName":"proj-b","userDomainName":"Default","projectDomainName":"Default"}}}
EOF
)
printf '%s\n' "$READY" >"$STATE/openstack.json"
log "ready: keystone $KEYSTONE_URL/v3, glance $GLANCE_URL"
echo "OPENSTACK_READY $READY"

# Supervise: wake on either server's exit, or every second to check the parent is alive.
while :; do
  sleep 1 &
  SLEEP_PID=$!
  done_pid=""
  wait -n -p done_pid "$KEYSTONE_PID" "$GLANCE_PID" "$SLEEP_PID" || true
  if [ "$done_pid" = "$SLEEP_PID" ] || [ -z "$done_pid" ]; then
    kill "$SLEEP_PID" 2>/dev/null || true
    wait "$SLEEP_PID" 2>/dev/null || true
    if ! parent_alive; then
      log "parent $PARENT is gone: stopping"
      shutdown 0
    fi
    continue
  fi
  kill "$SLEEP_PID" 2>/dev/null || true
  wait "$SLEEP_PID" 2>/dev/null || true
  if [ "$done_pid" = "$KEYSTONE_PID" ]; then KEYSTONE_PID=""; name=keystone; else GLANCE_PID=""; name=glance; fi
  echo "openstack-up: $name exited unexpectedly; stopping" >&2
  shutdown 1
done
