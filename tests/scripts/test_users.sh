#!/usr/bin/env bash
# Black-box checks of `polls createsuperuser` and `polls changepassword` on SQLite: --no-input
# with the password in the environment, the prompts through a pseudo-terminal (no echo, asked
# twice), and hashes that Django's check_password accepts.
#
#   bash tests/scripts/test_users.sh /path/to/polls
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly EXIT_FAILURE=1 EXIT_CONFIG=2
DB="sqlite:///$WORK/users.db"

hash_of() { sqlite3 "$WORK/users.db" "SELECT password FROM auth_user WHERE username = '$1'"; }

# Django's verdict on PASSWORD against the stored hash of USER: True or False.
django_check() { # USER PASSWORD
  /usr/bin/python3 -c 'import sys
from django.conf import settings
settings.configure()
from django.contrib.auth.hashers import check_password
print(check_password(sys.argv[1], sys.argv[2]))' "$2" "$(hash_of "$1")"
}

# Runs polls on a pseudo-terminal, typing each line of INPUTS after a prompt; prints the output.
on_pty() { # INPUTS ARGS...
  /usr/bin/python3 - "$@" <<'PY'
import os, pty, sys, select
inputs = sys.argv[1].split("\n") if sys.argv[1] else []
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
out = b""
while True:
    r, _, _ = select.select([fd], [], [], 20)
    if not r: break
    try: data = os.read(fd, 4096)
    except OSError: break
    if not data: break
    out += data
    while inputs and out.count(b"Password: ") + out.count(b"(again): ") > getattr(sys, "_typed", 0):
        sys._typed = getattr(sys, "_typed", 0) + 1
        os.write(fd, (inputs.pop(0) + "\n").encode())
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
print("EXIT=%d" % os.waitstatus_to_exitcode(status))
PY
}

check_no_input_creates() {
  local out err rc
  POLLS_SUPERUSER_PASSWORD='correct-Horse-7' run_capture out err rc "$POLLS" createsuperuser \
    --username admin --email admin@example.org --no-input --database "$DB"
  assert_eq 0 "$rc" "createsuperuser --no-input exit status"
  assert_contains "$out" "Superuser created successfully." "createsuperuser output"
  assert_eq "True" "$(django_check admin 'correct-Horse-7')" "Django's check of the new hash"
  assert_eq "False" "$(django_check admin 'wrong')" "Django's check of a wrong password"
  assert_eq "1|1|1|admin@example.org||" "$(sqlite3 "$WORK/users.db" \
    "SELECT is_superuser, is_staff, is_active, email, first_name, last_login FROM auth_user WHERE username='admin'")" "flags"
}

check_no_input_refusals() {
  local out err rc
  POLLS_SUPERUSER_PASSWORD='correct-Horse-7' run_capture out err rc "$POLLS" createsuperuser \
    --username admin --no-input --database "$DB"
  assert_eq "$EXIT_FAILURE" "$rc" "duplicate exit status"
  assert_contains "$err" "Error: That username is already taken." "duplicate"
  POLLS_SUPERUSER_PASSWORD='short' run_capture out err rc "$POLLS" createsuperuser \
    --username bob --no-input --database "$DB"
  assert_eq "$EXIT_FAILURE" "$rc" "short password exit status"
  assert_contains "$err" "This password is too short. It must contain at least 8 characters." "short"
  POLLS_SUPERUSER_PASSWORD='1234567890' run_capture out err rc "$POLLS" createsuperuser \
    --username bob --no-input --database "$DB"
  assert_eq "$EXIT_FAILURE" "$rc" "numeric password exit status"
  assert_contains "$err" "This password is entirely numeric." "numeric"
  run_capture out err rc env -u POLLS_SUPERUSER_PASSWORD "$POLLS" createsuperuser --username bob \
    --no-input --database "$DB"
  assert_eq "$EXIT_CONFIG" "$rc" "missing env exit status"
  assert_contains "$err" "POLLS_SUPERUSER_PASSWORD" "missing env"
  POLLS_SUPERUSER_PASSWORD='correct-Horse-7' run_capture out err rc "$POLLS" createsuperuser \
    --username 'bad name' --no-input --database "$DB"
  assert_eq "$EXIT_FAILURE" "$rc" "invalid username exit status"
  assert_contains "$err" "Enter a valid username." "invalid username"
  run_capture out err rc "$POLLS" createsuperuser --username bob --database "$DB" </dev/null
  assert_eq "$EXIT_CONFIG" "$rc" "no terminal exit status"
  assert_contains "$err" "--no-input" "no terminal"
  assert_eq "" "$(hash_of bob)" "no user bob was made"
}

check_prompt_creates() {
  local out
  out=$(on_pty $'pw-One-1234\npw-Two-1234\nabc-Def-5678\nabc-Def-5678' "$POLLS" createsuperuser \
    --username carol --database "$DB")
  assert_contains "$out" "EXIT=0" "interactive createsuperuser"
  assert_contains "$out" "Error: Your passwords didn't match." "mismatch message"
  assert_contains "$out" "Password (again): " "second prompt"
  assert_not_contains "$out" "abc-Def" "echo of the password"
  assert_not_contains "$out" "pw-One" "echo of the password"
  assert_eq "True" "$(django_check carol 'abc-Def-5678')" "Django's check of carol"
}

check_changepassword() {
  local out err rc
  out=$(on_pty $'new-Secret-99\nnew-Secret-99' "$POLLS" changepassword admin --database "$DB")
  assert_contains "$out" "EXIT=0" "changepassword"
  assert_contains "$out" "Changing password for user 'admin'" "changepassword intro"
  assert_contains "$out" "Password changed successfully for user 'admin'" "changepassword done"
  assert_not_contains "$out" "new-Secret" "echo of the password"
  assert_eq "False" "$(django_check admin 'correct-Horse-7')" "old password after change"
  assert_eq "True" "$(django_check admin 'new-Secret-99')" "new password after change"
  run_capture out err rc "$POLLS" changepassword nobody --database "$DB"
  assert_eq "$EXIT_FAILURE" "$rc" "unknown user exit status"
  assert_contains "$err" "Error: user 'nobody' does not exist" "unknown user"
  run_capture out err rc "$POLLS" changepassword --database "$DB"
  assert_eq "$EXIT_CONFIG" "$rc" "missing USERNAME exit status"
}

check_changepassword_aborts() {
  local out before
  before=$(hash_of admin)
  out=$(on_pty $'a-Long-pass1\nb-Long-pass1\n123\n123\n99999999\n99999999' "$POLLS" changepassword \
    admin --database "$DB")
  assert_contains "$out" "EXIT=1" "three failures"
  assert_contains "$out" "Passwords do not match. Please try again." "mismatch"
  assert_contains "$out" "Aborting password change for user 'admin' after 3 attempts" "abort"
  assert_eq "$before" "$(hash_of admin)" "hash unchanged"
}

check "createsuperuser --no-input creates a superuser Django can check" check_no_input_creates
check "createsuperuser refuses duplicates, weak passwords, bad names" check_no_input_refusals
check "createsuperuser prompts on a terminal without echo; a mismatch asks again" check_prompt_creates
check "changepassword changes the hash; unknown users are refused" check_changepassword
check "changepassword aborts after 3 failed attempts" check_changepassword_aborts
finish
