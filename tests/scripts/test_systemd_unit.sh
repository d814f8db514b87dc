#!/usr/bin/env bash
# The small-VM pieces: config/polls.service, polls-backup.service and polls-backup.timer pass
# `systemd-analyze verify` without a word and `systemd-analyze security` rates the services'
# sandbox "OK" (exposure 2.0 or less); the stop timeout outlasts drain_seconds; and
# scripts/install-vm, run twice into a scratch root (--root, no systemd needed), installs the
# binary, units, settings and a secret with the right modes, and the second run keeps the
# administrator's settings and secret. Negative controls show verify and the security rating
# catch a broken unit. Needs systemd-analyze (Debian: systemd); if it is missing, this fails.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONFIG_DIR="$REPO_ROOT/config"
INSTALL_VM="$REPO_ROOT/scripts/install-vm"
UNITS=(polls.service polls-backup.service polls-backup.timer)

check_tool() {
  command -v systemd-analyze >/dev/null ||
    fail "systemd-analyze is not installed (Debian package systemd; scripts/setup --test installs it)"
}

# The units as installed, except that ExecStart= names the binary under test: verify checks
# that the programs a unit runs exist.
units_under_test() {
  local dir=$1 unit
  mkdir -p "$dir"
  for unit in "${UNITS[@]}"; do
    sed "s|/usr/local/bin/polls|$POLLS|g" "$CONFIG_DIR/$unit" >"$dir/$unit"
  done
}

# verify_quietly FILE...: systemd-analyze verify must succeed and say nothing. It exits 0 on
# unknown keys and unparsable values ("..., ignoring"), so its silence is what counts.
verify_quietly() {
  local rc=0
  systemd-analyze verify --man=no "$@" >"$WORK/verify.out" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] && [ ! -s "$WORK/verify.out" ]
}

check_verify() {
  units_under_test "$WORK/units"
  verify_quietly "${UNITS[@]/#/$WORK/units/}" ||
    fail "systemd-analyze verify: $(cat "$WORK/verify.out")"
}

check_verify_negative() {
  units_under_test "$WORK/bad"
  sed -i 's/^ProtectSystem=strict$/ProtectSystm=strict/' "$WORK/bad/polls.service"
  if verify_quietly "$WORK/bad/polls.service"; then fail "a misspelt key passed verify"; fi
  assert_contains "$(cat "$WORK/verify.out")" "Unknown key" "verify output"
  units_under_test "$WORK/bad"
  sed -i "s|^ExecStart=$POLLS |ExecStart=$WORK/no-such-polls |" "$WORK/bad/polls.service"
  if verify_quietly "$WORK/bad/polls.service"; then fail "a missing binary passed verify"; fi
  assert_contains "$(cat "$WORK/verify.out")" "not executable" "verify output"
}

# systemd-analyze security --offline: exposure from 0 (locked down) to 10; 2.0 and below is
# what it calls "OK". --threshold is in tenths.
exposure_ok() {
  systemd-analyze security --offline=yes --threshold=20 --no-pager "$1" >"$WORK/security.out" 2>&1
}

check_security() {
  units_under_test "$WORK/units"
  local unit
  for unit in polls.service polls-backup.service; do
    exposure_ok "$WORK/units/$unit" || fail "$unit: $(tail -n 1 "$WORK/security.out")"
    note "$unit: $(tail -n 1 "$WORK/security.out" | sed 's/^\(→\|->\) //')"
  done
}

check_security_negative() {
  units_under_test "$WORK/weak"
  # Everything from the sandbox section on removed: the plain service systemd would run.
  sed -i '/^# Identity and files/,/^\[Install\]/{/^\[Install\]/!d}' "$WORK/weak/polls.service"
  if exposure_ok "$WORK/weak/polls.service"; then
    fail "an unsandboxed polls.service was rated OK: $(tail -n 1 "$WORK/security.out")"
  fi
}

# TimeoutStopSec= must leave polls its drain time (drain_seconds in config/polls.toml) and
# some to close the database, or systemd kills requests the drain would have finished.
check_stop_timeout() {
  local drain timeout
  drain=$(sed -n 's/^drain_seconds = \([0-9]*\)$/\1/p' "$CONFIG_DIR/polls.toml")
  timeout=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s$/\1/p' "$CONFIG_DIR/polls.service")
  if [ -z "$drain" ] || [ -z "$timeout" ]; then
    fail "drain_seconds [$drain] or TimeoutStopSec [$timeout] not found"
  fi
  [ "$timeout" -gt "$drain" ] || fail "TimeoutStopSec=${timeout}s does not outlast drain_seconds=$drain"
  note "TimeoutStopSec=${timeout}s, drain_seconds=$drain"
}

mode_of() { stat -c '%a' "$1"; }

check_install_vm() {
  local root="$WORK/root" out
  mkdir -p "$root"
  run_capture out err rc "$INSTALL_VM" --root "$root" --binary "$POLLS"
  assert_eq 0 "$rc" "first install-vm exit status ($err)"
  cmp -s "$POLLS" "$root/usr/local/bin/polls" || fail "the binary was not installed"
  assert_eq 755 "$(mode_of "$root/usr/local/bin/polls")" "binary mode"
  for unit in "${UNITS[@]}"; do
    cmp -s "$CONFIG_DIR/$unit" "$root/etc/systemd/system/$unit" || fail "$unit not installed as is"
    assert_eq 644 "$(mode_of "$root/etc/systemd/system/$unit")" "$unit mode"
  done
  assert_eq 644 "$(mode_of "$root/etc/polls/polls.toml")" "polls.toml mode"
  assert_eq 600 "$(mode_of "$root/etc/polls/secret")" "secret mode"
  grep -qE '^SECRET_KEY=[A-Za-z0-9]{50,}$' "$root/etc/polls/secret" || fail "no long SECRET_KEY in the secret file"
  # The installed settings are the documented ones with the database in the state folder and
  # /metrics on loopback.
  assert_eq "$(grep -c '' "$CONFIG_DIR/polls.toml")" "$(grep -c '' "$root/etc/polls/polls.toml")" "polls.toml lines"
  out=$(env -i "$root/usr/local/bin/polls" config --config "$root/etc/polls/polls.toml" 2>&1)
  assert_contains "$out" "sqlite:///var/lib/polls/polls.db" "polls config of the installed settings"
  assert_contains "$out" 'metrics_listen = "127.0.0.1:9090"' "polls config of the installed settings"
  # Where systemd's EnvironmentFile= puts it, polls takes the key: no "random key" warning.
  out=$(env -i "$(grep '^SECRET_KEY=' "$root/etc/polls/secret")" "$root/usr/local/bin/polls" config \
    --config "$root/etc/polls/polls.toml" 2>&1)
  assert_contains "$out" "# env SECRET_KEY" "polls config with the secret's SECRET_KEY"

  # Second run: the administrator has edited the settings; both they and the secret stay.
  cp "$root/etc/polls/secret" "$WORK/secret.before"
  sed -i 's/^time_zone = .*/time_zone = "Europe\/Paris"/' "$root/etc/polls/polls.toml"
  cp "$root/etc/polls/polls.toml" "$WORK/settings.before"
  run_capture out err rc "$INSTALL_VM" --root "$root" --binary "$POLLS"
  assert_eq 0 "$rc" "second install-vm exit status ($err)"
  cmp -s "$WORK/secret.before" "$root/etc/polls/secret" || fail "the second run changed the secret"
  cmp -s "$WORK/settings.before" "$root/etc/polls/polls.toml" || fail "the second run overwrote the settings"
  assert_contains "$err" "unchanged $root/usr/local/bin/polls" "second run's log"
  assert_contains "$err" "kept $root/etc/polls/polls.toml" "second run's log"
  assert_not_contains "$err" "installed $root/" "second run's log"
}

check_install_vm_refuses() {
  local out err rc
  run_capture out err rc "$INSTALL_VM" --root "$WORK/root2" --binary "$POLLS"
  [ "$rc" -ne 0 ] || fail "a missing --root folder was accepted"
  run_capture out err rc "$INSTALL_VM" --bogus
  [ "$rc" -ne 0 ] || fail "an unknown option was accepted"
  # Settings the binary refuses stop the install before anything is replaced.
  mkdir -p "$WORK/root3/etc/polls"
  printf 'no_such_key = 1\n' >"$WORK/root3/etc/polls/polls.toml"
  run_capture out err rc "$INSTALL_VM" --root "$WORK/root3" --binary "$POLLS"
  [ "$rc" -ne 0 ] || fail "settings with an unknown key were accepted"
  [ ! -e "$WORK/root3/usr/local/bin/polls" ] || fail "the binary was installed despite refused settings"
  run_capture out err rc "$INSTALL_VM" --help
  assert_eq 0 "$rc" "--help exit status"
  assert_contains "$out" "--root DIR" "--help"
}

check "systemd-analyze is installed" check_tool
check "the unit files pass systemd-analyze verify, silently" check_verify
check "verify catches a misspelt key and a missing binary" check_verify_negative
check "both services' sandboxes are rated OK (exposure <= 2.0)" check_security
check "an unsandboxed service is not rated OK" check_security_negative
check "TimeoutStopSec outlasts drain_seconds" check_stop_timeout
check "install-vm into a scratch root, twice: files, modes, settings and secret kept" check_install_vm
check "install-vm refuses bad options and settings the binary rejects, and has --help" check_install_vm_refuses
finish
