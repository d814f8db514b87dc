#!/usr/bin/env bash
# The admin in a real browser: Debian's Chromium, driven by playwright-core (tests/browser,
# pinned in its package-lock.json), against polls on one SQLite database:
#  - journey: log in, add a question with three choices (with the Today and Now buttons), find
#    it in the list and on /polls/, vote, see the result, delete it, change the password, log out;
#  - phone: the admin's pages on a 390x844 screen do not scroll sideways;
#  - keyboard: the login form, the skip link and the shortcut buttons work with the keyboard alone;
#  - live (tests/browser/results.mjs): the results page's bars move without a reload while a
#    second browser votes, fit a phone, and a page whose choices changed reloads itself;
#  - once (tests/browser/trust.mjs): a once-per-browser poll's QR code scans back (zbarimg) as
#    its share link; a vote counts, a second from a tab left open is refused with "You already
#    voted for …", and the question page then names the vote;
#  - close (trust.mjs): staff close that poll from its change page; the public page says so.
# Screenshots of every page go to $POLLS_TEST_OUTPUT_DIR, else build/test-output/browser/.
#
#   bash tests/scripts/test_browser.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM=/usr/bin/chromium
BROWSER_DIR=$TESTS_DIR/browser
OUTPUT_DIR=${POLLS_TEST_OUTPUT_DIR:-$REPO_ROOT/build/test-output/browser}
PASSWORD='browser-test-passphrase-42'
# A scenario is bounded by harness.mjs (80 s); this is the backstop. The four of them take
# about 15 s together on the 2-core VM, far within the 300 s CTest gives a script.
SCENARIO_TIMEOUT=90

missing=()
[ -x "$CHROMIUM" ] || missing+=("$CHROMIUM: apt-get install chromium")
command -v zbarimg >/dev/null || missing+=("zbarimg: apt-get install zbar-tools")
command -v node >/dev/null || missing+=("node: apt-get install nodejs npm")
[ -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ] ||
  missing+=("$BROWSER_DIR/node_modules: (cd tests/browser && npm ci)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "FAIL: the browser test cannot run; scripts/setup --test installs what is missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

export SECRET_KEY=browser-test-secret-key-0123456789abcdefghijklmnop
DB=$WORK/browser.db
mkdir -p "$OUTPUT_DIR"
# This test's screenshots from an earlier run would pass for this one's.
rm -f "$OUTPUT_DIR"/[0-9][0-9]-*.png "$OUTPUT_DIR"/phone-*.png "$OUTPUT_DIR"/keyboard-*.png \
  "$OUTPUT_DIR"/live-*.png "$OUTPUT_DIR"/trust-*.png "$OUTPUT_DIR"/FAILED-*.png

make_users() {
  local user out err rc
  # One superuser per scenario: the journey changes its password.
  for user in admin phone keys closer; do
    POLLS_SUPERUSER_PASSWORD=$PASSWORD run_capture out err rc \
      "$POLLS" createsuperuser --username "$user" --no-input --database "sqlite://$DB"
    assert_eq 0 "$rc" "createsuperuser --username $user (stdout: $out; stderr: $err)"
  done
}

# run_scenario FILE NAME: one scenario of tests/browser/FILE in a fresh Chromium.
run_scenario() {
  local rc=0
  # TMPDIR: Chromium's throwaway profile goes into this test's folder.
  BROWSER_TEST_URL=$POLLS_URL BROWSER_TEST_OUTPUT_DIR=$OUTPUT_DIR BROWSER_TEST_PASSWORD=$PASSWORD \
    BROWSER_TEST_LIVE_QUESTION=${LIVE_QUESTION:-} BROWSER_TEST_TRUST_QUESTION=${TRUST_QUESTION:-} \
    TMPDIR=$WORK \
    timeout --kill-after=10 "$SCENARIO_TIMEOUT" node "$BROWSER_DIR/$1" "$2" || rc=$?
  [ "$rc" -ne 124 ] || fail "scenario $2 still running after $SCENARIO_TIMEOUT s"
  [ "$rc" -eq 0 ] || fail "scenario $2 (exit status $rc)"
}

# The live scenario's question, published an hour ago, three choices with no votes (the last
# long enough to wrap on a phone).
seed_live_question() {
  local ids
  ids=$(seed_question "$DB" "Which drink for the meeting?" "Coffee" "Tea" \
    "Sparkling water with a slice of lemon, served cold in a tall glass")
  [ -n "${ids%% *}" ] || fail "no question id from seed_question (got [$ids])"
  echo "${ids%% *}" >"$WORK/live-question"
}

# The trust scenario's question: once per browser, Tea and Coffee, no votes.
seed_trust_question() {
  local ids
  ids=$(seed_question "$DB" "Tea or coffee?" "Tea" "Coffee")
  [ -n "${ids%% *}" ] || fail "no question id from seed_question (got [$ids])"
  "$PY" -c 'import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as c:
    c.execute("INSERT INTO polls_question_rules VALUES (?, ?, 0, NULL, ?)",
              (int(sys.argv[2]), "browser", "always"))' "$DB" "${ids%% *}"
  echo "${ids%% *}" >"$WORK/trust-question"
}

check "four superusers are made" make_users
# A site zone far behind the browser's (Pacific/Auckland, harness.mjs): Today and Now must use it.
export BROWSER_TEST_SITE_TZ=America/Los_Angeles
start_polls --database "sqlite://$DB" --time-zone "$BROWSER_TEST_SITE_TZ"
check "journey: add, find, vote on, delete a question; change password; log out" \
  run_scenario admin.mjs journey
check "phone (390x844): no admin page scrolls sideways" run_scenario admin.mjs phone
check "keyboard: log in, skip link, Today and Now" run_scenario admin.mjs keyboard
# After the journey, which expects an empty question list. polls reads it from the shared file.
check "the live scenario's question is seeded" seed_live_question
# check runs in a subshell: the id comes back through a file.
LIVE_QUESTION=$(cat "$WORK/live-question" 2>/dev/null || true)
check "live: the results page's bars move without a reload as another browser votes" \
  run_scenario results.mjs live
check "the trust scenario's question is seeded" seed_trust_question
TRUST_QUESTION=$(cat "$WORK/trust-question" 2>/dev/null || true)
check "once: the QR code scans as the share link; a second vote is refused, the first named" \
  run_scenario trust.mjs once
check "close: staff close the poll in the admin; its page says it closed" run_scenario trust.mjs close
echo "screenshots: $OUTPUT_DIR"
finish
