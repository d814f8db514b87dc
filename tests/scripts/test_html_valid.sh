#!/usr/bin/env bash
# Every page polls serves is valid HTML that passes html-validate's recommended and
# accessibility rules (language, title, labels, headings, landmarks): the landing page, the
# index (empty and full), a detail page, the detail page with its error, results (without and
# with votes), 404, the CSRF failure page, and the admin's pages (forms with their errors, the
# voting rules, a closed poll). html-validate comes from npm (tests/html/package.json,
# pinned).
set -euo pipefail
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

html_dir="$REPO_ROOT/tests/html"
if [ ! -x "$html_dir/node_modules/.bin/html-validate" ]; then
  (cd "$html_dir" && npm install --no-audit --no-fund --silent) >/dev/null
fi

DB="$WORK/polls.db"
mkdir -p "$WORK/pages"
fetch() {  # fetch NAME PATH [curl args...]
  local name=$1 path=$2
  shift 2
  curl -s -o "pages/$name.html" "$@" "$POLLS_URL$path"
}

check_pages() {
  start_polls --database "sqlite://$DB"
  cd "$WORK"
  fetch index-empty /polls/
  local seeded first_choice
  seeded=$(seed_question "$DB" "Is <this> valid & accessible?" "Yes" "Of course")
  first_choice=$(echo "$seeded" | cut -d' ' -f2)
  fetch landing /
  fetch index /polls/
  fetch detail /polls/1/
  fetch results /polls/1/results/
  fetch not-found /nope/
  fetch csrf-failure /polls/1/vote/ -X POST -d choice=1
  # The detail page again with "You didn't select a choice.": a vote without a choice.
  local jar="$WORK/jar" token
  token=$(curl -s -c "$jar" "$POLLS_URL/polls/1/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p')
  fetch detail-error /polls/1/vote/ -b "$jar" -X POST --data-urlencode "csrfmiddlewaretoken=$token"
  assert_contains "$(cat pages/detail-error.html)" "You didn&apos;t select a choice." "detail with error"
  # The results chart with votes: a leader, percentages, filled bars.
  curl -s -o /dev/null -b "$jar" -X POST --data-urlencode "csrfmiddlewaretoken=$token" \
    -d "choice=$first_choice" "$POLLS_URL/polls/1/vote/"
  fetch results-voted /polls/1/results/
  assert_contains "$(cat pages/results-voted.html)" '<strong class="result-leader">Leading</strong>' \
    "results with a vote"

  # The admin's pages, logged in as a superuser, including a form showing its errors.
  POLLS_SUPERUSER_PASSWORD='html-valid-Pass-1' "$POLLS" createsuperuser --username admin \
    --no-input --database "sqlite://$DB" >/dev/null
  local admin="$WORK/admin-jar"
  admin_token() { # PATH: the CSRF token of the form on PATH
    curl -s -b "$admin" -c "$admin" "$POLLS_URL$1" |
      sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -n 1
  }
  admin_post() { # NAME PATH FIELDS...: POSTs the form on PATH (on FORM_PAGE if set), saves the answer as NAME
    local name=$1 path=$2 token args=()
    shift 2
    token=$(admin_token "${FORM_PAGE:-$path}")
    for field in "$@"; do args+=(--data-urlencode "$field"); done
    curl -s -b "$admin" -c "$admin" -o "pages/$name.html" -H "Origin: $POLLS_URL" \
      --data-urlencode "csrfmiddlewaretoken=$token" "${args[@]}" "$POLLS_URL$path"
  }
  fetch admin-login /admin/login/
  admin_post admin-login-failed /admin/login/ username=admin password=wrong next=
  assert_contains "$(cat pages/admin-login-failed.html)" "Please enter the correct username" "failed login"
  admin_post admin-login-ok /admin/login/ username=admin password=html-valid-Pass-1 next=
  fetch admin-home /admin/ -b "$admin"
  fetch admin-list /admin/polls/question/ -b "$admin"
  fetch admin-list-search "/admin/polls/question/?q=valid&pub_date=today&o=-2" -b "$admin"
  fetch admin-add /admin/polls/question/add/ -b "$admin"
  admin_post admin-add-errors /admin/polls/question/add/ question_text= pub_date_0=2026-02-30 \
    pub_date_1=25:00 choice_set-TOTAL_FORMS=1 choice_set-0-choice_text= choice_set-0-votes=x
  assert_contains "$(cat pages/admin-add-errors.html)" "Please correct the errors below." "form errors"
  fetch admin-change /admin/polls/question/1/change/ -b "$admin"
  fetch admin-delete /admin/polls/question/1/delete/ -b "$admin"
  # The Voting fieldset with its errors; a question added with rules (its change page showing
  # them, the Close poll now button and the CSV link); that poll closed; the list's Status column.
  admin_post admin-change-rules-errors /admin/polls/question/1/change/ "question_text=Rules?" \
    pub_date_0=2026-01-01 pub_date_1=10:00 choice_set-TOTAL_FORMS=0 voters=everyone \
    closes_at_0=2099-01-01 results=voted
  assert_contains "$(cat pages/admin-change-rules-errors.html)" "Select a valid choice." "rules errors"
  admin_post admin-add-rules /admin/polls/question/add/ "question_text=Rules?" \
    pub_date_0=2026-01-01 pub_date_1=10:00 choice_set-TOTAL_FORMS=1 choice_set-0-choice_text=Yes \
    choice_set-0-votes=0 voters=browser allow_change=on closes_at_0=2099-01-01 closes_at_1=12:00 \
    results=closed _continue=
  rm pages/admin-add-rules.html  # the redirect's empty body
  fetch admin-change-rules /admin/polls/question/2/change/ -b "$admin"
  assert_contains "$(cat pages/admin-change-rules.html)" "Close poll now" "an open poll's button"
  FORM_PAGE=/admin/polls/question/2/change/ admin_post admin-close /admin/polls/question/2/close/
  rm pages/admin-close.html
  fetch admin-change-closed /admin/polls/question/2/change/ -b "$admin"
  assert_contains "$(cat pages/admin-change-closed.html)" "Closed on" "a closed poll's state"
  fetch admin-list-status /admin/polls/question/ -b "$admin"
  fetch admin-password /admin/password_change/ -b "$admin"
  admin_post admin-password-errors /admin/password_change/ old_password=wrong new_password1=1 \
    new_password2=2
  assert_contains "$(cat pages/admin-password-errors.html)" "Your old password was entered incorrectly" "password errors"
  FORM_PAGE=/admin/ admin_post admin-logged-out /admin/logout/  # the header's Log out button
  assert_contains "$(cat pages/admin-logged-out.html)" "Logged out" "logout"
  (cd "$html_dir" && node_modules/.bin/html-validate --config .htmlvalidate.json "$WORK"/pages/*.html)
}

check "every page passes html-validate (recommended + a11y)" check_pages
finish
