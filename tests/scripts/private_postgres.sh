# A PostgreSQL server of the sourcing test's own (scripts/postgres-server), for checks that stop
# and start it, which must not disturb other tests; sourced by test_postgres.sh and
# test_live_postgres.sh after lib.sh. Without PostgreSQL 15 (POLLS_PG_BIN, as
# scripts/postgres-server) the script fails, unless POLLS_TEST_SKIP leaves out postgres.
#
# Sets PG_SERVER (the script, for stop-server and start-server "$WORK/pg") and BASE_URL (the
# test role's database, as POLLS_TEST_DATABASE_URL), stops the server on exit, and defines
# new_database, sql and seed.
# shellcheck shell=bash
# Variables set here are read by the scripts that source this file.
# shellcheck disable=SC2034

PG_SERVER=$REPO_ROOT/scripts/postgres-server

if [ ! -x "${POLLS_PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ]; then
  skip_script_or_fail postgres "PostgreSQL 15 is not installed (scripts/setup --test installs it)"
fi

"$PG_SERVER" start "$WORK/pg" >"$WORK/pg.env"
# shellcheck disable=SC1091
source "$WORK/pg.env"
BASE_URL=$POLLS_TEST_DATABASE_URL
pg_cleanup() { "$PG_SERVER" stop "$WORK/pg" >/dev/null 2>&1 || true; }
trap 'pg_cleanup; cleanup' EXIT

# new_database NAME: a fresh database owned by the test role; prints its URL.
new_database() {
  psql -q -X "$BASE_URL" -c "CREATE DATABASE $1" >/dev/null
  echo "${BASE_URL%/*}/$1"
}

# sql URL QUERY: one value from a query.
sql() { psql -X -A -t -q "$1" -c "$2"; }

# seed URL QUESTION CHOICE CHOICE: migrates with polls and adds the question, published an hour
# ago, with its two choices. Prints "QUESTION_ID CHOICE_ID CHOICE_ID".
seed() {
  local url=$1 qid
  "$POLLS" migrate --database "$url" >/dev/null
  qid=$(sql "$url" "INSERT INTO polls_question (question_text, pub_date)
    VALUES ('$2', now() - interval '1 hour') RETURNING id" | head -n1)
  echo "$qid $(sql "$url" "INSERT INTO polls_choice (question_id, choice_text, votes)
    VALUES ($qid, '$3', 0), ($qid, '$4', 0) RETURNING id" | head -n2 | tr '\n' ' ')"
}
