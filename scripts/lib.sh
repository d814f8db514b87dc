# Shared helpers for the scripts in this folder: sourced, never run.
# shellcheck shell=bash

polls_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

# Installs the Debian packages given that are not installed yet; quick when all are.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Stages a test run may leave out, by name, only when the person running it says so:
# POLLS_TEST_SKIP="container postgres" (spaces or commas). A stage that cannot run is a failure
# otherwise, so that a run cannot pass by accident. What was left out is appended to
# $POLLS_TEST_SKIP_LOG (when set) for the run's summary.
opted_out() {
  local stage list=${POLLS_TEST_SKIP:-}
  for stage in ${list//,/ }; do [ "$stage" = "$1" ] && return 0; done
  return 1
}

# skip_or_fail STAGE WHY: returns 0 (skipped, recorded) if POLLS_TEST_SKIP names STAGE; else
# fails, saying why the stage cannot run and how to opt out.
skip_or_fail() {
  if opted_out "$1"; then
    printf 'skipped %s: %s (POLLS_TEST_SKIP)\n' "$1" "$2" >&2
    if [ -n "${POLLS_TEST_SKIP_LOG:-}" ]; then printf '%s: %s\n' "$1" "$2" >>"$POLLS_TEST_SKIP_LOG"; fi
    return 0
  fi
  die "cannot run the stage '$1': $2 (to leave it out on purpose: POLLS_TEST_SKIP=$1)"
}
