#!/usr/bin/env bash
# Every page polls serves is valid HTML that passes html-validate's recommended and
# accessibility rules (language, title, labels, headings, landmarks): the landing page, the
# index (empty and full), a detail page, the detail page with its error, results, 404, the
# CSRF failure page. html-validate comes from npm (tests/html/package.json, pinned).
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
  seed_question "$DB" "Is <this> valid & accessible?" "Yes" "Of course"
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
  (cd "$html_dir" && node_modules/.bin/html-validate --config .htmlvalidate.json "$WORK"/pages/*.html)
}

check "every page passes html-validate (recommended + a11y)" check_pages
finish
