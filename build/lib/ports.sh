# Sourced by every script under build/: free loopback ports (and a clear failure when a chosen one is
# busy), waiting for a URL, a Debian tool installed when missing, a TENANT1 token from a gateway.
need() { command -v "$1" >/dev/null || { echo "installing $1"; apt-get update -qq >/dev/null && apt-get install -y -qq "$1" >/dev/null; }; }
token() { curl -s -X POST "$1/auth/tenant/access-token" -d grant_type=client_credentials -d client_id=TENANT1 -d client_secret=tenant1-secret | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
require_free() {
  if python3 -c 'import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"; then
    echo "port $1 is busy: something else listens there (set no port to pick a free one)" >&2; exit 2
  fi
}
# Waits (bounded) for a URL; fails with the log when the process behind it died or never answered.
wait_http() {
  for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "no answer from $1${2:+; last lines of $2:}" >&2; [[ -n "${2:-}" ]] && tail -5 "$2" >&2; exit 1
}
