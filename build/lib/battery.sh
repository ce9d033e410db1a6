# Sourced by the batteries: a scratch folder removed on exit, every process started (in PIDS)
# killed on exit, sqlite3 for counting, and Release builds of the gateway and the harness.
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
need sqlite3

echo "building (Release)…"
dotnet publish src/FibreCafe.Gateway -c Release -o "$WORK/gateway" --nologo -v q >/dev/null
dotnet publish build/bench/Harness -c Release -o "$WORK/harness" --nologo -v q >/dev/null
# The compiler and MSBuild servers the builds left running share these cores with what is measured next.
dotnet build-server shutdown >/dev/null 2>&1 || true
