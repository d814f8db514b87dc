#!/usr/bin/env bash
# Black-box checks that polls and Django share one PostgreSQL database both ways, using the
# tutorial project in tests/django_project (Debian's python3-django and python3-psycopg2), on
# two fresh databases of the server named by POLLS_TEST_DATABASE_URL (scripts/postgres-server;
# its role needs CREATEDB):
#  - a database Django made and filled is adopted by polls (no table re-created, data kept),
#    polls serves and counts votes in it, and Django still works on it afterwards;
#  - a database polls made is accepted by Django's migrate (polls' 0001_initial counts as
#    applied), its schema is exactly Django's, and Django reads the rows and votes polls serves,
#    also when the database's time zone is not UTC.
# Without POLLS_TEST_DATABASE_URL it fails, unless POLLS_TEST_SKIP leaves out postgres.
#
#   eval "$(scripts/postgres-server start)"
#   bash tests/scripts/test_django_adoption_postgres.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# Read before lib.sh, which clears polls settings from the environment.
BASE_URL=${POLLS_TEST_DATABASE_URL:-}
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -z "$BASE_URL" ]; then
  skip_script_or_fail postgres "POLLS_TEST_DATABASE_URL is not set (scripts/postgres-server start prints it)"
fi

export SECRET_KEY=adoption-test-secret-key-0123456789abcdefghij
DJANGO_PROJECT=$TESTS_DIR/django_project

ensure_python_packages() {
  "$PY" -c 'import django, psycopg2' 2>/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing python3-django and python3-psycopg2 (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3-django python3-psycopg2 >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; }
  fi
  "$PY" -c 'import django, psycopg2' 2>/dev/null && return 0
  echo "FAIL: Django or psycopg2 is missing: apt-get install python3-django python3-psycopg2" >&2
  exit 1
}

# pg.py: the database work of these checks, through psycopg2 (which reads the URL as libpq does).
cat >"$WORK/pg.py" <<'PYTHON'
"""python3 pg.py COMMAND URL [ARGS...]: database helpers for test_django_adoption_postgres.sh."""
import datetime
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg2

POLLS_TABLES = ("polls_question", "polls_choice")
# Django's own tables that polls' 0002_auth makes as Django does.
DJANGO_TABLES = ("django_content_type", "auth_permission", "auth_group", "auth_group_permissions",
                 "auth_user", "auth_user_groups", "auth_user_user_permissions", "django_admin_log",
                 "django_session")


def connect(url, autocommit=False):
    conn = psycopg2.connect(url, connect_timeout=10)
    conn.autocommit = autocommit
    return conn


def url_of(url, name):
    """The URL with its database replaced by NAME (user, password, host and options kept)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def create(url, name, time_zone=None):
    conn = connect(url, autocommit=True)
    with conn.cursor() as cur:
        cur.execute('CREATE DATABASE "%s"' % name)
        if time_zone:
            cur.execute('ALTER DATABASE "%s" SET timezone TO %%s' % name, (time_zone,))
    conn.close()
    print(url_of(url, name))


def drop(url, *names):
    conn = connect(url, autocommit=True)
    with conn.cursor() as cur:
        for name in names:
            cur.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
    conn.close()


def rows(url, query, *params):
    """Every row of a query; with parameters, %s in the query takes them (and % is written %%)."""
    conn = connect(url)
    with conn.cursor() as cur:
        cur.execute(query, params or None)
        result = cur.fetchall()
    conn.close()
    return result


def polls_relations(url):
    """The polls tables' relations (tables, sequences, indexes) and constraints with the oids and
    files PostgreSQL gave them: a re-created table or index gets new ones. (polls' own
    polls_question_rules, which its migration 0004 adds beside them, and its index
    polls_question_pub_date_id, from 0005, are not Django's.)"""
    return rows(url, """
        SELECT 'relation', c.relname, c.relkind::text, c.oid::bigint, c.relfilenode::bigint
          FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace
           AND (c.relname LIKE 'polls\\_question%' OR c.relname LIKE 'polls\\_choice%')
           AND c.relname NOT LIKE 'polls\\_question\\_rules%'
           AND c.relname != 'polls_question_pub_date_id'
        UNION ALL
        SELECT 'constraint', con.conname, con.contype::text, con.oid::bigint, 0
          FROM pg_constraint con
         WHERE con.conrelid IN (SELECT oid FROM pg_class
                                 WHERE relnamespace = current_schema()::regnamespace
                                   AND relname IN ('polls_question', 'polls_choice'))
         ORDER BY 1, 2""")


def snapshot(url):
    """Everything about the polls tables that adoption must not change (votes aside)."""
    for row in polls_relations(url):
        print(*row)
    for row in rows(url, "SELECT id, question_text, pub_date FROM polls_question ORDER BY id"):
        print("question", row[0], row[1], row[2].isoformat())
    for row in rows(url, "SELECT id, question_id, choice_text FROM polls_choice ORDER BY id"):
        print("choice", *row)


def schema(url):
    """The polls, auth, admin, contenttypes and sessions tables' and django_migrations'
    definitions, for comparing two databases."""
    tables = POLLS_TABLES + DJANGO_TABLES + ("django_migrations",)
    for row in rows(url, """
        SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length,
               is_nullable, column_default
          FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ANY(%s)
         ORDER BY table_name, ordinal_position""", list(tables)):
        print("column", *row)
    for row in rows(url, """
        SELECT c.relname, con.conname, pg_get_constraintdef(con.oid)
          FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(%s)
         ORDER BY 1, 2""", list(tables)):
        print("constraint", *row)
    for row in rows(url, """
        SELECT tablename, indexname, indexdef FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = ANY(%s)
           -- polls' own index (migration 0005) stands beside Django's tables
           AND indexname != 'polls_question_pub_date_id' ORDER BY 1, 2""",
                    list(tables)):
        print("index", *row)
    for row in rows(url, """
        SELECT sequencename, data_type::text, start_value, increment_by FROM pg_sequences
         WHERE schemaname = current_schema()
           AND sequencename = ANY(%s)
         ORDER BY 1""", [t + "_id_seq" for t in tables]):
        print("sequence", *row)


def value(url, query, *params):
    print(rows(url, query, *params)[0][0])


def seed(url):
    """Two questions written the way polls' own SQL would (timestamptz: whole seconds and
    microseconds), with a choice of 2 votes each. Prints QID=ISO-INSTANT:CHOICE_ID per question."""
    now = datetime.datetime.now(datetime.timezone.utc)
    whole = (now - datetime.timedelta(hours=2)).replace(microsecond=0)
    micro = (now - datetime.timedelta(hours=1)).replace(microsecond=123456)
    conn = connect(url)
    out = []
    with conn, conn.cursor() as cur:
        for text, when in (("Whole seconds?", whole), ("Microseconds?", micro)):
            cur.execute("INSERT INTO polls_question (question_text, pub_date) VALUES (%s, %s) "
                        "RETURNING id", (text, when))
            qid = cur.fetchone()[0]
            cur.execute("INSERT INTO polls_choice (question_id, choice_text, votes) "
                        "VALUES (%s, 'Sure', 2) RETURNING id", (qid,))
            out.append("%d=%s=%d" % (qid, when.isoformat(), cur.fetchone()[0]))
    conn.close()
    print(" ".join(out))


if __name__ == "__main__":
    command, url, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if command == "create":
        create(url, *args)
    elif command == "drop":
        drop(url, *args)
    elif command == "snapshot":
        snapshot(url)
    elif command == "schema":
        schema(url)
    elif command == "value":
        value(url, *args)
    elif command == "seed":
        seed(url)
    else:
        sys.exit("unknown command " + command)
PYTHON

# pg COMMAND URL [ARGS...]: the helpers above (bounded: 60 s).
pg() { timeout 60 "$PY" "$WORK/pg.py" "$@"; }

# The two databases of this run: unique names, dropped at exit (POLLS_TEST_KEEP=1 keeps them).
DB_PREFIX=polls_adoption_$(date +%s)_$$_$RANDOM
DJANGO_DBNAME=${DB_PREFIX}_django
POLLS_DBNAME=${DB_PREFIX}_polls
drop_databases() {
  if [ "${POLLS_TEST_KEEP:-0}" = 1 ]; then
    echo "kept databases $DJANGO_DBNAME and $POLLS_DBNAME" >&2
  else
    pg drop "$BASE_URL" "$DJANGO_DBNAME" "$POLLS_DBNAME" >/dev/null 2>&1 || true
  fi
}
trap 'drop_databases; cleanup' EXIT

# django URL ARGS...: manage.py of the tutorial project on the database URL (bounded: 120 s).
django() {
  local url=$1
  shift
  POLLS_DJANGO_DATABASE_URL=$url timeout 120 "$PY" "$DJANGO_PROJECT/manage.py" "$@"
}

# django_py URL CODE: runs Python in Django's shell (models importable) and prints its output.
django_py() {
  django "$1" shell -c "$2"
}

# django_polls_rows URL: how many times django_migrations records polls' 0001_initial.
django_polls_rows() {
  pg value "$1" "SELECT count(*) FROM django_migrations WHERE app = 'polls' AND name = '0001_initial'"
}

votes_of_pg() { # URL CHOICE_ID
  pg value "$1" "SELECT votes FROM polls_choice WHERE id = %s" "$2"
}

stop_polls() {
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 5
  assert_eq 0 "$EXIT_RC" "polls exit status after SIGTERM"
}

# vote PORT QUESTION_ID CHOICE_ID VOTES_SHOWN: one vote through polls like a browser; the results
# page must then show VOTES_SHOWN ("1 vote", "3 votes").
vote() {
  "$PY" - "$@" <<'PYTHON' || fail "the vote through polls failed"
import sys
from rawhttp import csrf_form, post_vote, get
port, qid, cid = (int(a) for a in sys.argv[1:4])
shown = sys.argv[4].encode()
cookie, token = csrf_form(port, qid)
status, location, _ = post_vote(port, qid, cid, cookie, token)
assert (status, location) == (302, "/polls/%d/results/" % qid), "vote: %s %s" % (status, location)
results = get(port, location)
assert results.status == 200 and shown in results.body, "results page: %r" % results.body[:500]
PYTHON
}

check_django_makes_database() {
  local out err rc url
  url=$(pg create "$BASE_URL" "$DJANGO_DBNAME")
  echo "$url" >"$WORK/django-url"
  note "database $DJANGO_DBNAME"
  run_capture out err rc django "$url" migrate --noinput
  assert_eq 0 "$rc" "manage.py migrate exit status (stderr: $err)"
  assert_contains "$out" "Applying polls.0001_initial" "manage.py migrate"
  # A question published an hour ago with two choices, through Django's ORM.
  django_py "$url" '
import datetime
from django.utils import timezone
from polls.models import Question
q = Question.objects.create(question_text="Made by Django?", pub_date=timezone.now() - datetime.timedelta(hours=1))
q.choice_set.create(choice_text="Yes, by Django", votes=0)
q.choice_set.create(choice_text="No", votes=0)
print(q.id, *q.choice_set.order_by("id").values_list("id", flat=True))' >"$WORK/django-ids"
  note "question and choice ids: $(cat "$WORK/django-ids")"
}

check_polls_adopts_django_database() {
  local out err rc url
  url=$(cat "$WORK/django-url")
  pg snapshot "$url" >"$WORK/before.txt"
  run_capture out err rc "$POLLS" migrate --database "$url"
  assert_eq 0 "$rc" "polls migrate exit status (stderr: $err; log: $out)"
  assert_contains "$out" "adopted 0001_initial" "polls migrate on Django's database"
  assert_contains "$out" "adopted 0002_auth" "polls migrate on Django's database"
  assert_not_contains "$out" "applied 0001_initial" "polls migrate on Django's database"
  pg snapshot "$url" >"$WORK/after.txt"
  diff -u "$WORK/before.txt" "$WORK/after.txt" >&2 || fail "polls migrate changed the polls tables or rows"
  # Left out of the snapshot: polls' own index beside Django's tables (0005).
  assert_contains "$out" "applied 0005_question_pub_date_index" "polls migrate on Django's database"

  run_capture out err rc "$POLLS" migrate --database "$url"
  assert_eq 0 "$rc" "second polls migrate exit status (stderr: $err)"
  assert_contains "$out" "nothing to do" "second polls migrate"
  assert_eq 1 "$(django_polls_rows "$url")" "django_migrations rows for polls 0001_initial"
}

check_polls_serves_django_data() {
  local qid cid _other page url
  url=$(cat "$WORK/django-url")
  read -r qid cid _other <"$WORK/django-ids"
  start_polls --database "$url"
  assert_not_contains "$(cat "$POLLS_LOG")" "migration applied" "polls log"
  page=$(curl -fsS -m 5 "$POLLS_URL/polls/")
  assert_contains "$page" "Made by Django?" "GET /polls/"
  assert_contains "$page" "/polls/$qid/" "GET /polls/"
  page=$(curl -fsS -m 5 "$POLLS_URL/polls/$qid/")
  assert_contains "$page" "Made by Django?" "GET /polls/$qid/"
  assert_contains "$page" "Yes, by Django" "GET /polls/$qid/"
  vote "$POLLS_PORT" "$qid" "$cid" "1 vote"
  stop_polls
  assert_eq 1 "$(votes_of_pg "$url" "$cid")" "votes stored"
  pg snapshot "$url" >"$WORK/served.txt"
  diff -u "$WORK/before.txt" "$WORK/served.txt" >&2 || fail "serving changed the polls tables or rows"
}

check_django_still_works() {
  local out err rc qid cid _other url
  url=$(cat "$WORK/django-url")
  read -r qid cid _other <"$WORK/django-ids"
  run_capture out err rc django "$url" migrate --check
  assert_eq 0 "$rc" "manage.py migrate --check exit status (out: $out; err: $err)"
  run_capture out err rc django "$url" check
  assert_eq 0 "$rc" "manage.py check exit status (err: $err)"
  out=$(django_py "$url" "
from polls.models import Choice
c = Choice.objects.get(pk=$cid)
print(c.votes, c.question_id == $qid, c.question.was_published_recently())")
  assert_eq "1 True True" "$out" "votes, question, was_published_recently read by Django"
  # Django's ORM goes on writing next to polls: a new question gets the next id.
  out=$(django_py "$url" "
from django.utils import timezone
from polls.models import Question
print(Question.objects.create(question_text='After adoption', pub_date=timezone.now()).id > $qid)")
  assert_eq "True" "$out" "a question Django adds after adoption"
}

# The database's own time zone is Asia/Tokyo (UTC+9), not UTC: polls must read and write
# timestamptz as instants, whatever the session's time zone (Django sets UTC on its connections).
check_django_accepts_polls_database() {
  local out err rc url
  url=$(pg create "$BASE_URL" "$POLLS_DBNAME" Asia/Tokyo)
  echo "$url" >"$WORK/polls-url"
  note "database $POLLS_DBNAME (time zone Asia/Tokyo)"
  run_capture out err rc "$POLLS" migrate --database "$url"
  assert_eq 0 "$rc" "polls migrate exit status (stderr: $err)"
  assert_contains "$out" "applied 0001_initial" "polls migrate on a new database"

  run_capture out err rc django "$url" migrate --noinput
  assert_eq 0 "$rc" "manage.py migrate on polls' database (out: $out; err: $err)"
  assert_not_contains "$out" "polls.0001_initial" "manage.py migrate output"
  # polls made Django's auth, admin, contenttypes and sessions tables too, and recorded them.
  assert_not_contains "$out" "Applying" "manage.py migrate output"
  run_capture out err rc django "$url" showmigrations polls
  assert_contains "$out" "[X] 0001_initial" "manage.py showmigrations polls"
  run_capture out err rc django "$url" migrate --check
  assert_eq 0 "$rc" "manage.py migrate --check exit status"
  assert_eq 1 "$(django_polls_rows "$url")" "django_migrations rows for polls 0001_initial"

  # And polls has nothing to do on it afterwards.
  run_capture out err rc "$POLLS" migrate --database "$url"
  assert_eq 0 "$rc" "polls migrate after Django's exit status (stderr: $err)"
  assert_contains "$out" "nothing to do" "polls migrate after Django's"
}

check_schema_identical() {
  local ours theirs
  ours=$(pg schema "$(cat "$WORK/polls-url")")
  theirs=$(pg schema "$(cat "$WORK/django-url")")
  [ -n "$theirs" ] || fail "no polls tables in Django's database"
  [ "$ours" = "$theirs" ] || fail "schemas differ:
$(diff <(echo "$theirs") <(echo "$ours") | sed 's/^</Django:/; s/^>/polls: /')"
}

# polls has no way yet to create a question from outside (the admin comes later), so the rows
# are written here with SQL; polls serves them and counts a vote in each, and Django must read
# the same instants and the votes polls wrote.
check_django_reads_polls_rows() {
  local url seeded item qid _when cid out page
  url=$(cat "$WORK/polls-url")
  seeded=$(pg seed "$url")
  note "seeded: $seeded"

  start_polls --database "$url"
  page=$(curl -fsS -m 5 "$POLLS_URL/polls/")
  assert_contains "$page" "Whole seconds?" "GET /polls/ (questions 1 and 2 hours old)"
  assert_contains "$page" "Microseconds?" "GET /polls/ (questions 1 and 2 hours old)"
  for item in $seeded; do
    IFS='=' read -r qid _when cid <<<"$item"
    vote "$POLLS_PORT" "$qid" "$cid" "3 votes"
  done
  stop_polls

  out=$(django_py "$url" "
import datetime
from polls.models import Question
for item in '$seeded'.split():
    qid, when, cid = item.split('=')
    q = Question.objects.get(pk=int(qid))
    want = datetime.datetime.fromisoformat(when)
    c = q.choice_set.get()
    print(q.pk, q.pub_date == want, q.pub_date.isoformat(), c.pk == int(cid), c.votes)")
  note "$out"
  assert_not_contains "$out" "False" "pub_date and choice read by Django equal the ones written"
  [ "$(grep -c ' True .* True 3$' <<<"$out")" = 2 ] ||
    fail "Django did not read both questions with the vote polls counted (3 votes each): $out"
}

ensure_python_packages
note "Django $("$PY" -c 'import django; print(django.get_version())'), $(pg value "$BASE_URL" 'SELECT version()' | cut -d' ' -f1-2)"
check "Django migrate makes a database, its ORM adds a question" check_django_makes_database
check "polls migrate adopts it: 'adopted 0001_initial', nothing re-created" check_polls_adopts_django_database
check "polls serves Django's data and counts a vote" check_polls_serves_django_data
check "Django still works afterwards and reads the vote" check_django_still_works
check "Django migrate accepts a database polls made (time zone Asia/Tokyo)" check_django_accepts_polls_database
check "polls' tables are exactly Django's" check_schema_identical
check "polls serves rows and counts votes; Django reads them" check_django_reads_polls_rows
finish
