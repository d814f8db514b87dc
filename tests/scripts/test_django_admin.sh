#!/usr/bin/env bash
# Black-box checks that polls' admin and Django's share users, passwords and history, using the
# tutorial project in tests/django_project (Debian's python3-django) on one SQLite database:
#  - Django makes the database, a superuser (Django's own hash, fewer iterations than polls
#    uses) and a question; polls serves it, the Django-made user logs into /admin/, the
#    question shows in the list, and the login upgrades the hash to 600,000 iterations;
#  - a question added in polls' admin is in Django's admin history with Django's own reading of
#    the change message;
#  - a password changed in polls' admin is the one Django's authenticate() accepts;
#  - Django's admin and polls app still run on a database polls migrated and voted on with its
#    own rules (polls_question_rules, receipts): Django's vote view counts, and Django's admin
#    deletes a question with a receipt, which goes with it.
#
#   bash tests/scripts/test_django_admin.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=django-admin-test-secret-key-0123456789abcdefghij
DJANGO_PROJECT=$TESTS_DIR/django_project
DB=$WORK/shared.db

"$PY" -c 'import django' 2>/dev/null || {
  echo "FAIL: Django is missing: apt-get install python3-django (scripts/setup --test does)" >&2
  exit 1
}

stop_polls() {
  kill -TERM "$POLLS_PID" 2>/dev/null || true
  wait_exit "$POLLS_PID" 15
}

django() { POLLS_DJANGO_DB=$DB timeout 120 "$PY" "$DJANGO_PROJECT/manage.py" "$@"; }

# admin_session PORT SCRIPT: runs Python with a logged-out browser `b` for polls on PORT.
admin_session() {
  "$PY" - "$1" <<PYTHON
import http.client, re, sys, urllib.parse

class Browser:
    def __init__(self, port):
        self.port, self.cookies, self.token = port, {}, ""
    def request(self, method, path, fields=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join("%s=%s" % kv for kv in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode([("csrfmiddlewaretoken", self.token)] + list(fields))
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "http://127.0.0.1:%d" % self.port
        c.request(method, path, body, headers)
        r = c.getresponse()
        data = r.read().decode()
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                k, v = value.split(";")[0].split("=", 1)
                if v and "Max-Age=0" not in value: self.cookies[k] = v
                else: self.cookies.pop(k, None)
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', data)
        if m: self.token = m.group(1)
        return r.status, r.getheader("Location"), data
    def get(self, path): return self.request("GET", path)
    def post(self, path, fields): return self.request("POST", path, fields)
    def login(self, username, password):
        self.get("/admin/login/")
        return self.post("/admin/login/", [("username", username), ("password", password), ("next", "")])

b = Browser(int(sys.argv[1]))
$2
PYTHON
}

check_django_makes_everything() {
  local out err rc
  run_capture out err rc django migrate --noinput
  assert_eq 0 "$rc" "manage.py migrate (err: $err)"
  DJANGO_SUPERUSER_PASSWORD='made-by-Django-1' run_capture out err rc django createsuperuser \
    --noinput --username boss --email boss@example.org
  assert_eq 0 "$rc" "manage.py createsuperuser (err: $err)"
  run_capture out err rc django shell -c "
from django.utils import timezone
from polls.models import Question
q = Question.objects.create(question_text='Made in Django admin?', pub_date=timezone.now())
q.choice_set.create(choice_text='Yes', votes=0)
print(q.id)"
  assert_eq 0 "$rc" "question made by Django (err: $err)"
  # Django 3.2 hashes with 260,000 iterations: fewer than polls' 600,000.
  assert_contains "$(sqlite3 "$DB" "SELECT password FROM auth_user WHERE username='boss'")" \
    'pbkdf2_sha256$260000$' "Django's hash"
}

check_django_user_logs_into_polls() {
  start_polls --database "sqlite://$DB"
  admin_session "$POLLS_PORT" '
status, location, _ = b.login("boss", "wrong")
assert status == 200, status
status, location, _ = b.login("boss", "made-by-Django-1")
assert (status, location) == (302, "/admin/"), (status, location)
status, _, page = b.get("/admin/polls/question/")
assert status == 200 and "Made in Django admin?" in page, (status, page[:300])
assert "1 question" in page, page' || fail "the Django-made user could not use polls' admin"
  assert_contains "$(sqlite3 "$DB" "SELECT password FROM auth_user WHERE username='boss'")" \
    'pbkdf2_sha256$600000$' "the hash after polls' login (upgraded)"
  assert_contains "$(cat "$POLLS_LOG")" '"msg":"password hash upgraded"' "polls log"
  stop_polls
}

check_polls_changes_in_django_history() {
  start_polls --database "sqlite://$DB"
  admin_session "$POLLS_PORT" '
b.login("boss", "made-by-Django-1")
b.get("/admin/polls/question/add/")  # as a browser does: the form, with its CSRF token
status, location, page = b.post("/admin/polls/question/add/", [
    ("question_text", "Made in polls admin?"), ("pub_date_0", "2026-01-02"), ("pub_date_1", "03:04:05"),
    ("choice_set-TOTAL_FORMS", "1"), ("choice_set-INITIAL_FORMS", "0"),
    ("choice_set-0-choice_text", "Sure"), ("choice_set-0-votes", "0"),
    ("voters", "anyone"), ("results", "always"), ("_save", "")])
assert (status, location) == (302, "/admin/polls/question/"), (status, location, page[:500])
import re
qid = re.search(r"/admin/polls/question/(\d+)/change/.>Made in polls admin", b.get("/admin/polls/question/")[2]).group(1)
b.get("/admin/polls/question/%s/change/" % qid)  # the Close poll now form, with its token
status, location, page = b.post("/admin/polls/question/%s/close/" % qid, [])
assert status == 302, (status, location, page[:500])' ||
    fail "adding and closing a question in polls' admin failed"
  local out err rc
  run_capture out err rc django shell -c "
from django.contrib.admin.models import LogEntry
e = LogEntry.objects.filter(object_repr='Made in polls admin?').order_by('id')[0]
print(e.user.username, e.is_addition(), e.content_type.model, e.get_change_message(), e.get_admin_url())
closed = LogEntry.objects.filter(object_repr='Made in polls admin?').order_by('id')[1]
print('closing:', closed.is_change(), closed.get_change_message())
from polls.models import Question
q = Question.objects.get(question_text='Made in polls admin?')
print(q.pub_date.isoformat(), [c.choice_text for c in q.choice_set.all()])"
  assert_eq 0 "$rc" "Django reading the log (err: $err)"
  assert_contains "$out" "boss True question Added. Added choice “Sure”." "Django's reading of the entry"
  assert_contains "$out" "closing: True Closed the poll." "Django's reading of polls' Close poll now"
  assert_contains "$out" "2026-01-02T03:04:05+00:00 ['Sure']" "the question as Django reads it"
  stop_polls
}

check_password_changed_in_polls_works_in_django() {
  start_polls --database "sqlite://$DB"
  admin_session "$POLLS_PORT" '
b.login("boss", "made-by-Django-1")
b.get("/admin/password_change/")
status, location, page = b.post("/admin/password_change/", [
    ("old_password", "made-by-Django-1"), ("new_password1", "changed-in-Polls-2"),
    ("new_password2", "changed-in-Polls-2")])
assert (status, location) == (302, "/admin/password_change/done/"), (status, location, page[:500])' ||
    fail "changing the password in polls' admin failed"
  local out err rc
  run_capture out err rc django shell -c "
from django.contrib.auth import authenticate
print(authenticate(username='boss', password='changed-in-Polls-2') is not None,
      authenticate(username='boss', password='made-by-Django-1') is not None)"
  assert_eq 0 "$rc" "Django's authenticate (err: $err)"
  assert_eq "True False" "$out" "Django's authenticate with the new and the old password"
  stop_polls
}

check_django_runs_on_trust_tables() {
  local out err rc qid cid
  run_capture out err rc django shell -c "
from django.utils import timezone
from polls.models import Question
q = Question.objects.create(question_text='Once per browser?', pub_date=timezone.now())
print(q.id, q.choice_set.create(choice_text='Once', votes=0).id)"
  assert_eq 0 "$rc" "question made by Django (err: $err)"
  read -r qid cid <<<"$out"
  sqlite3 "$DB" "INSERT INTO polls_question_rules VALUES ($qid, 'browser', 0, NULL, 'always')"
  start_polls --database "sqlite://$DB"
  "$PY" -c 'import sys; from rawhttp import *
port, q, c = map(int, sys.argv[1:])
cookie, token = csrf_form(port, q)
assert post_vote(port, q, c, cookie, token)[0] == 302' "$POLLS_PORT" "$qid" "$cid" ||
    fail "the vote in polls failed"
  stop_polls
  assert_eq 1 "$(sqlite3 "$DB" "SELECT count(*) FROM polls_vote_receipt WHERE question_id = $qid")" \
    "polls' receipt"
  run_capture out err rc django shell -c "
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from polls.models import Choice, Question
client = Client()
print(client.post('/polls/$qid/vote/', {'choice': $cid}).status_code, Choice.objects.get(id=$cid).votes)
assert client.login(username='boss', password='changed-in-Polls-2')
print(client.get('/admin/polls/question/$qid/change/').status_code)
print(client.post('/admin/polls/question/$qid/delete/', {'post': 'yes'}).status_code,
      Question.objects.filter(id=$qid).exists())"
  assert_eq 0 "$rc" "Django on polls' tables (err: $err)"
  # Django's vote view knows no rules: it counts (a second vote, after polls' first).
  assert_eq "302 2
200
302 False" "$out" "Django's vote view, admin change page and delete"
  assert_eq 0 "$(sqlite3 "$DB" "SELECT count(*) FROM polls_vote_receipt WHERE question_id = $qid")" \
    "receipts after Django deleted the question"
  assert_eq 0 "$(sqlite3 "$DB" "SELECT count(*) FROM polls_question_rules WHERE question_id = $qid")" \
    "rules after Django deleted the question"
}

check "Django makes the database, a superuser and a question" check_django_makes_everything
check "the Django-made user logs into polls' admin; the hash is upgraded" check_django_user_logs_into_polls
check "a question added, and its poll closed, in polls is in Django's admin history" check_polls_changes_in_django_history
check "a password changed in polls' admin works in Django" check_password_changed_in_polls_works_in_django
check "Django's admin and polls app run on polls' rules and receipts" check_django_runs_on_trust_tables
finish
