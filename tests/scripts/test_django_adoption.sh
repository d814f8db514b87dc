#!/usr/bin/env bash
# Black-box checks that polls and Django share one SQLite database both ways, using the tutorial
# project in tests/django_project (Debian's python3-django):
#  - a database Django made and filled is adopted by polls (no table re-created, data kept),
#    polls serves and counts votes in it, and Django still works on it afterwards;
#  - a database polls made is accepted by Django's migrate (polls' 0001_initial counts as
#    applied), and the rows polls writes are read by Django's ORM with the right values.
#
#   bash tests/scripts/test_django_adoption.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=adoption-test-secret-key-0123456789abcdefghij
DJANGO_PROJECT=$TESTS_DIR/django_project

ensure_django() {
  "$PY" -c 'import django' 2>/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing python3-django (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-django \
      >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; }
  fi
  "$PY" -c 'import django' 2>/dev/null && return 0
  echo "FAIL: Django is missing: apt-get install python3-django (as root)" >&2
  exit 1
}

# django DB ARGS...: manage.py of the tutorial project on the SQLite file DB (bounded: 120 s).
django() {
  local db=$1
  shift
  POLLS_DJANGO_DB=$db timeout 120 "$PY" "$DJANGO_PROJECT/manage.py" "$@"
}

# django_py DB CODE: runs Python in Django's shell (models importable) and prints its output.
django_py() {
  django "$1" shell -c "$2"
}

# snapshot DB: everything about the polls tables that adoption must not change: their SQL and
# root pages in sqlite_master (a re-created table gets new ones) and every row.
snapshot() {
  "$PY" - "$1" <<'PYTHON'
import sqlite3
import sys

c = sqlite3.connect(sys.argv[1])
# Django's tables as Django made them: polls' own index beside them (migration
# 0005_question_pub_date_index, checked to exist below) is left out.
for row in c.execute("SELECT type, name, rootpage, sql FROM sqlite_master "
                     "WHERE tbl_name IN ('polls_question', 'polls_choice') "
                     "AND name != 'polls_question_pub_date_id' ORDER BY name"):
    print("schema", row)
for row in c.execute("SELECT * FROM polls_question ORDER BY id"):
    print("question", row)
for row in c.execute("SELECT id, question_id, choice_text FROM polls_choice ORDER BY id"):
    print("choice", row)
PYTHON
}

# django_polls_rows DB: how many times django_migrations records polls' 0001_initial.
django_polls_rows() {
  "$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM django_migrations WHERE app = '"'polls'"' AND name = '"'0001_initial'"'").fetchone()[0])' "$1"
}

# schema_of DB: the SQL of the polls tables and of the Django tables polls' 0002_auth makes, with
# spacing normalised, for comparing two databases.
schema_of() {
  "$PY" - "$1" <<'PYTHON'
import re
import sqlite3
import sys

c = sqlite3.connect(sys.argv[1])
tables = ("polls_question", "polls_choice", "django_content_type", "auth_permission", "auth_group",
          "auth_group_permissions", "auth_user", "auth_user_groups", "auth_user_user_permissions",
          "django_admin_log", "django_session")
for name, sql in c.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name IN (%s) "
                           "AND sql IS NOT NULL ORDER BY name" % ",".join("?" * len(tables)),
                           tables):
    sql = re.sub(r"\s+", " ", sql)
    sql = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", sql))
    print(name, sql.strip())
PYTHON
}

stop_polls() {
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 5
  assert_eq 0 "$EXIT_RC" "polls exit status after SIGTERM"
}

DJANGO_DB=$WORK/made-by-django.db

check_django_makes_database() {
  local out err rc
  run_capture out err rc django "$DJANGO_DB" migrate --noinput
  assert_eq 0 "$rc" "manage.py migrate exit status (stderr: $err)"
  assert_contains "$out" "Applying polls.0001_initial" "manage.py migrate"
  # A question published an hour ago with two choices, through Django's ORM.
  django_py "$DJANGO_DB" '
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
  local out err rc
  snapshot "$DJANGO_DB" >"$WORK/before.txt"
  run_capture out err rc "$POLLS" migrate --database "sqlite://$DJANGO_DB"
  assert_eq 0 "$rc" "polls migrate exit status (stderr: $err; log: $out)"
  assert_contains "$out" "adopted 0001_initial" "polls migrate on Django's database"
  assert_contains "$out" "adopted 0002_auth" "polls migrate on Django's database"
  assert_not_contains "$out" "applied 0001_initial" "polls migrate on Django's database"
  snapshot "$DJANGO_DB" >"$WORK/after.txt"
  diff -u "$WORK/before.txt" "$WORK/after.txt" >&2 || fail "polls migrate changed the polls tables or rows"
  assert_contains "$out" "applied 0005_question_pub_date_index" "polls migrate on Django's database"
  assert_eq 1 "$("$PY" -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sqlite_master WHERE type = '"'index'"' AND name = '"'polls_question_pub_date_id'"'").fetchone()[0])' "$DJANGO_DB")" \
    "polls' own index on polls_question (pub_date, id)"

  run_capture out err rc "$POLLS" migrate --database "sqlite://$DJANGO_DB"
  assert_contains "$out" "nothing to do" "second polls migrate"
  assert_eq 1 "$(django_polls_rows "$DJANGO_DB")" "django_migrations rows for polls 0001_initial"
}

check_polls_serves_django_data() {
  local qid cid _other page
  read -r qid cid _other <"$WORK/django-ids"
  start_polls --database "sqlite://$DJANGO_DB"
  assert_not_contains "$(cat "$POLLS_LOG")" "migration applied" "polls log"
  page=$(curl -fsS -m 5 "$POLLS_URL/polls/")
  assert_contains "$page" "Made by Django?" "GET /polls/"
  assert_contains "$page" "/polls/$qid/" "GET /polls/"
  page=$(curl -fsS -m 5 "$POLLS_URL/polls/$qid/")
  assert_contains "$page" "Made by Django?" "GET /polls/$qid/"
  assert_contains "$page" "Yes, by Django" "GET /polls/$qid/"
  "$PY" - "$POLLS_PORT" "$qid" "$cid" <<'PYTHON' || fail "the vote through polls failed"
import sys
from rawhttp import csrf_form, post_vote, get
port, qid, cid = (int(a) for a in sys.argv[1:4])
cookie, token = csrf_form(port, qid)
status, location, _ = post_vote(port, qid, cid, cookie, token)
assert (status, location) == (302, "/polls/%d/results/" % qid), "vote: %s %s" % (status, location)
results = get(port, location)
assert results.status == 200 and b"1 vote" in results.body, "results page: %r" % results.body[:500]
PYTHON
  stop_polls
  assert_eq 1 "$(votes_of "$DJANGO_DB" "$cid")" "votes stored"
  snapshot "$DJANGO_DB" >"$WORK/served.txt"
  diff -u "$WORK/before.txt" "$WORK/served.txt" >&2 || fail "serving changed the polls tables or rows"
}

check_django_still_works() {
  local out err rc qid cid _other
  read -r qid cid _other <"$WORK/django-ids"
  run_capture out err rc django "$DJANGO_DB" migrate --check
  assert_eq 0 "$rc" "manage.py migrate --check exit status (out: $out; err: $err)"
  run_capture out err rc django "$DJANGO_DB" check
  assert_eq 0 "$rc" "manage.py check exit status (err: $err)"
  out=$(django_py "$DJANGO_DB" "
from polls.models import Choice
c = Choice.objects.get(pk=$cid)
print(c.votes, c.question_id == $qid, c.question.was_published_recently())")
  assert_eq "1 True True" "$out" "votes, question, was_published_recently read by Django"
}

POLLS_DB=$WORK/made-by-polls.db

check_django_accepts_polls_database() {
  local out err rc
  run_capture out err rc "$POLLS" migrate --database "sqlite://$POLLS_DB"
  assert_eq 0 "$rc" "polls migrate exit status (stderr: $err)"
  assert_contains "$out" "applied 0001_initial" "polls migrate on a new database"

  run_capture out err rc django "$POLLS_DB" migrate --noinput
  assert_eq 0 "$rc" "manage.py migrate on polls' database (out: $out; err: $err)"
  assert_not_contains "$out" "polls.0001_initial" "manage.py migrate output"
  # polls made Django's auth, admin, contenttypes and sessions tables too, and recorded them.
  assert_not_contains "$out" "Applying" "manage.py migrate output"
  run_capture out err rc django "$POLLS_DB" showmigrations polls
  assert_contains "$out" "[X] 0001_initial" "manage.py showmigrations polls"
  run_capture out err rc django "$POLLS_DB" migrate --check
  assert_eq 0 "$rc" "manage.py migrate --check exit status"
  assert_eq 1 "$(django_polls_rows "$POLLS_DB")" "django_migrations rows for polls 0001_initial"

  # And polls has nothing to do on it afterwards.
  run_capture out err rc "$POLLS" migrate --database "sqlite://$POLLS_DB"
  assert_contains "$out" "nothing to do" "polls migrate after Django's"
}

check_schema_identical() {
  local ours theirs
  ours=$(schema_of "$POLLS_DB")
  theirs=$(schema_of "$DJANGO_DB")
  [ -n "$theirs" ] || fail "no polls tables in Django's database"
  [ "$ours" = "$theirs" ] || fail "schemas differ:
polls:  $ours
Django: $theirs"
}

# polls has no way yet to create a question from outside (the admin comes later), so the row is
# written here in the two text forms polls' db::to_db_text produces (whole seconds, and with
# microseconds); Django must read the same instants, and polls serves both.
check_django_reads_polls_rows() {
  local ids out page
  ids=$("$PY" - "$POLLS_DB" <<'PYTHON'
import datetime
import sqlite3
import sys

now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
whole = (now - datetime.timedelta(hours=2)).replace(microsecond=0)
micro = (now - datetime.timedelta(hours=1)).replace(microsecond=123456)
with sqlite3.connect(sys.argv[1]) as c:
    ids = []
    for text, when in (("Whole seconds?", whole), ("Microseconds?", micro)):
        stored = when.strftime("%Y-%m-%d %H:%M:%S") + (".%06d" % when.microsecond if when.microsecond else "")
        qid = c.execute("INSERT INTO polls_question (question_text, pub_date) VALUES (?, ?)", (text, stored)).lastrowid
        c.execute("INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (?, 'Sure', 2)", (qid,))
        ids.append("%d=%s" % (qid, when.isoformat()))
print(" ".join(ids))
PYTHON
)
  out=$(django_py "$POLLS_DB" "
import datetime
from polls.models import Question
for item in '$ids'.split():
    qid, when = item.split('=')
    q = Question.objects.get(pk=int(qid))
    want = datetime.datetime.fromisoformat(when).replace(tzinfo=datetime.timezone.utc)
    print(q.pk, q.pub_date == want, q.pub_date.isoformat(), q.choice_set.get().votes)")
  note "$out"
  assert_not_contains "$out" "False" "pub_date read by Django equals the one written"
  [ "$(grep -c ' True ' <<<"$out")" = 2 ] || fail "Django did not read both questions: $out"

  start_polls --database "sqlite://$POLLS_DB"
  page=$(curl -fsS -m 5 "$POLLS_URL/polls/")
  assert_contains "$page" "Whole seconds?" "GET /polls/"
  assert_contains "$page" "Microseconds?" "GET /polls/"
  stop_polls
}

ensure_django
note "Django $("$PY" -c 'import django; print(django.get_version())')"
check "Django migrate makes a database, its ORM adds a question" check_django_makes_database
check "polls migrate adopts it: 'adopted 0001_initial', nothing re-created" check_polls_adopts_django_database
check "polls serves Django's data and counts a vote" check_polls_serves_django_data
check "Django still works afterwards and reads the vote" check_django_still_works
check "Django migrate accepts a database polls made" check_django_accepts_polls_database
check "polls' tables are exactly Django's" check_schema_identical
check "Django's ORM reads rows in polls' format; polls serves them" check_django_reads_polls_rows
finish
