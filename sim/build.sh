#!/usr/bin/env bash
# Builds vscope-sim, the govmomi vCenter simulator launcher used by vscope's
# tests and demo mode, with Debian's packaged Go and govmomi (GOPATH mode, offline).
#
# Usage: sim/build.sh OUTPUT_PATH
# Does nothing when OUTPUT_PATH is newer than every .go file under sim/src.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
	echo "usage: $0 OUTPUT_PATH" >&2
	exit 2
fi

sim_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$1
[[ $out == /* ]] || out="$PWD/$out"

if [[ -f $out && -z $(find "$sim_dir/src" -name '*.go' -newer "$out" -print -quit) ]]; then
	exit 0
fi

if ! command -v go >/dev/null 2>&1; then
	echo "go not found: apt-get install golang-go golang-github-vmware-govmomi-dev" >&2
	exit 1
fi
if [[ ! -d /usr/share/gocode/src/github.com/vmware/govmomi/simulator ]]; then
	echo "govmomi not found: apt-get install golang-github-vmware-govmomi-dev" >&2
	exit 1
fi

export GO111MODULE=off
export GOPATH="$sim_dir:/usr/share/gocode"
export GOCACHE="${GOCACHE:-${HOME:-/tmp}/.cache/go-build}"
export GOFLAGS=
export CGO_ENABLED=0 # static binary; no C toolchain needed

mkdir -p "$(dirname "$out")"
# Build next to the target and rename, so an interrupted or concurrent build never
# leaves a partial binary that the freshness check above would accept.
tmp=$(mktemp "$out.tmp.XXXXXX")
trap 'rm -f "$tmp"' EXIT
(cd "$sim_dir/src/vscope-sim" && go build -o "$tmp" .)
mv -f "$tmp" "$out"
