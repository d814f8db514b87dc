#!/usr/bin/env bash
# The Terraform under terraform/ is well-formed, checked offline (`terraform init` would
# download the AWS provider and the modules, which this machine cannot): the installed
# terraform satisfies required_version; `terraform fmt` finds nothing to change (which also
# parses every file, so a syntax error fails); every variable a stack uses is declared and
# every declared one used; each environment's tfvars sets only declared variables and every
# required one; each state backend locks with an S3 lock file; every module is pinned to one
# version; preprod and prod keep their database safe. Negative controls show the checks fail
# on broken copies. Needs terraform (/usr/local/bin/terraform); if it is missing, this fails.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TF_DIR="$REPO_ROOT/terraform"
ENVIRONMENTS=(dev qa preprod prod)
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 # no ~/.terraformrc, no update check

check_terraform_version() {
  command -v terraform >/dev/null || fail "terraform is not installed (expected /usr/local/bin/terraform)"
  local version floor
  version=$(terraform version -json | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["terraform_version"])')
  floor=$(sed -n 's/^ *required_version *= *">= *\([0-9.]*\),.*/\1/p' "$TF_DIR/platform/versions.tf")
  [ -n "$floor" ] || fail "no required_version floor in terraform/platform/versions.tf"
  assert_eq "$floor" "$(sed -n 's/^ *required_version *= *">= *\([0-9.]*\),.*/\1/p' "$TF_DIR/account/versions.tf")" \
    "the account stack's required_version floor"
  [ "$(printf '%s\n%s\n' "$floor" "$version" | sort -V | head -n 1)" = "$floor" ] ||
    fail "terraform $version is older than the required $floor"
  note "terraform $version, stacks require >= $floor"
}

# fmt_check DIR: `terraform fmt -check` on DIR, with the .tfbackend files (same syntax, but
# fmt only reads .tf and .tfvars) checked as .tfvars copies.
fmt_check() {
  local dir=$1 copy="$WORK/fmt-backends" file
  terraform fmt -check -recursive -diff "$dir" || return 1
  rm -rf "$copy" && mkdir -p "$copy"
  for file in "$dir"/environments/*.tfbackend; do
    cp "$file" "$copy/$(basename "$file" .tfbackend).tfvars"
  done
  terraform fmt -check -diff "$copy"
}

check_fmt() {
  fmt_check "$TF_DIR" >"$WORK/fmt.out" 2>&1 || fail "terraform fmt wants changes: $(cat "$WORK/fmt.out")"
}

check_fmt_negative() {
  cp -r "$TF_DIR" "$WORK/tf-badfmt"
  sed -i 's/^  name = local.name$/  name=local.name/' "$WORK/tf-badfmt/platform/network.tf"
  if fmt_check "$WORK/tf-badfmt" >/dev/null 2>&1; then fail "a misformatted network.tf passed"; fi
  cp -r "$TF_DIR" "$WORK/tf-badsyntax"
  printf 'module "broken" {\n  source = \n' >>"$WORK/tf-badsyntax/platform/eks.tf"
  if fmt_check "$WORK/tf-badsyntax" >"$WORK/fmt.out" 2>&1; then fail "a syntax error passed"; fi
  assert_contains "$(cat "$WORK/fmt.out")" "Error" "terraform fmt output"
}

# Variable names declared in a stack, each with 1 if it has a default, else 0.
declared_variables() {
  awk '/^variable "/ { split($0, part, "\""); name = part[2]; has_default = 0 }
       /^  default *=/ { has_default = 1 }
       /^}/ && name != "" { print name, has_default; name = "" }' "$1"/*.tf | sort
}

# stack_variables_consistent STACK_DIR: every var.X used is declared, every declared one used.
stack_variables_consistent() {
  local dir=$1 used declared
  used=$(grep -ho 'var\.[a-z0-9_]*' "$dir"/*.tf | sed 's/^var\.//' | sort -u)
  declared=$(declared_variables "$dir" | cut -d' ' -f1)
  local undeclared unused
  undeclared=$(comm -23 <(echo "$used") <(echo "$declared"))
  unused=$(comm -13 <(echo "$used") <(echo "$declared"))
  [ -z "$undeclared" ] || fail "$(basename "$dir") uses undeclared variables: $undeclared"
  [ -z "$unused" ] || fail "$(basename "$dir") declares unused variables: $unused"
}

# tfvars_complete STACK_DIR TFVARS: sets only declared variables, and every one without default.
tfvars_complete() {
  local dir=$1 tfvars=$2 set declared required
  set=$(grep -oE '^[a-z0-9_]+ *=' "$tfvars" | tr -d ' =' | sort)
  declared=$(declared_variables "$dir" | cut -d' ' -f1)
  required=$(declared_variables "$dir" | awk '$2 == 0 { print $1 }')
  local unknown missing
  unknown=$(comm -23 <(echo "$set") <(echo "$declared"))
  missing=$(comm -13 <(echo "$set") <(echo "$required"))
  [ -z "$unknown" ] || fail "$(basename "$tfvars") sets undeclared variables: $unknown"
  [ -z "$missing" ] || fail "$(basename "$tfvars") misses required variables: $missing"
}

check_variables() {
  stack_variables_consistent "$TF_DIR/account"
  stack_variables_consistent "$TF_DIR/platform"
  tfvars_complete "$TF_DIR/account" "$TF_DIR/environments/account.tfvars"
  local env
  for env in "${ENVIRONMENTS[@]}"; do
    tfvars_complete "$TF_DIR/platform" "$TF_DIR/environments/$env.tfvars"
    assert_contains "$(cat "$TF_DIR/environments/$env.tfvars")" "environment       = \"$env\"" "$env.tfvars"
  done
}

check_variables_negative() {
  cp -r "$TF_DIR" "$WORK/tf-badvars"
  sed -i 's/^db_multi_az /db_multi_a_z /' "$WORK/tf-badvars/environments/prod.tfvars"
  if (tfvars_complete "$WORK/tf-badvars/platform" "$WORK/tf-badvars/environments/prod.tfvars") 2>/dev/null; then
    fail "a misspelt variable in prod.tfvars passed"
  fi
  sed -i 's/var\.db_instance_class/var.db_instance_klass/' "$WORK/tf-badvars/platform/database.tf"
  if (stack_variables_consistent "$WORK/tf-badvars/platform") 2>/dev/null; then
    fail "an undeclared var.db_instance_klass passed"
  fi
}

# Each stack's state has its own key in one bucket, encrypted, locked by an S3 lock file.
check_backends() {
  local name file keys=() buckets=()
  for name in account "${ENVIRONMENTS[@]}"; do
    file="$TF_DIR/environments/$name.s3.tfbackend"
    [ -f "$file" ] || fail "no $file"
    grep -qE '^use_lockfile *= *true$' "$file" || fail "$name.s3.tfbackend does not set use_lockfile = true"
    grep -qE '^encrypt *= *true$' "$file" || fail "$name.s3.tfbackend does not set encrypt = true"
    if grep -q dynamodb_table "$file"; then fail "$name.s3.tfbackend still names a DynamoDB table"; fi
    keys+=("$(sed -n 's/^key *= *"\(.*\)"$/\1/p' "$file")")
    buckets+=("$(sed -n 's/^bucket *= *"\(.*\)"$/\1/p' "$file")")
  done
  assert_eq "${#keys[@]}" "$(printf '%s\n' "${keys[@]}" | sort -u | grep -c .)" "distinct state keys"
  assert_eq 1 "$(printf '%s\n' "${buckets[@]}" | sort -u | grep -c .)" "state buckets in use"
  grep -q '^  backend "s3" {}$' "$TF_DIR/account/versions.tf" || fail "account stack has no S3 backend"
  grep -q '^  backend "s3" {}$' "$TF_DIR/platform/versions.tf" || fail "platform stack has no S3 backend"
}

# Every module comes from the registry at one exact version: a new release is a reviewed change.
check_module_pins() {
  local unpinned
  unpinned=$(awk 'FNR == 1 { module = "" }
    /^module "/ { module = FILENAME ": " $2; pinned = 0 }
    module != "" && /^  version *= *"[0-9]+\.[0-9]+\.[0-9]+"$/ { pinned = 1 }
    module != "" && /^}/ { if (!pinned) print module; module = "" }' "$TF_DIR"/account/*.tf "$TF_DIR"/platform/*.tf)
  [ -z "$unpinned" ] || fail "modules without an exact version: $unpinned"
  [ "$(grep -c '^module "' "$TF_DIR"/platform/*.tf "$TF_DIR"/account/*.tf | awk -F: '{ n += $2 } END { print n }')" -ge 8 ] ||
    fail "fewer modules than expected: is the grep still right?"
}

# What the issue asks of the database, per environment, as the tfvars and database.tf say it.
check_database_safety() {
  local database="$TF_DIR/platform/database.tf" env
  grep -qE '^  storage_encrypted +=  *true$' "$database" || fail "storage is not encrypted"
  grep -qE '^  manage_master_user_password +=  *true$' "$database" || fail "master password not managed by RDS"
  grep -qE '^  publicly_accessible +=  *false$' "$database" || fail "database is publicly accessible"
  for env in preprod prod; do
    grep -qE '^db_multi_az +=  *true$' "$TF_DIR/environments/$env.tfvars" || fail "$env: no Multi-AZ"
    grep -qE '^db_deletion_protection +=  *true$' "$TF_DIR/environments/$env.tfvars" || fail "$env: no deletion protection"
  done
}

check "terraform is installed and new enough" check_terraform_version
check "terraform fmt -check -recursive passes (backend files too)" check_fmt
check "terraform fmt catches bad formatting and a syntax error" check_fmt_negative
check "variables are declared, used, and set by every tfvars" check_variables
check "a misspelt tfvars key or an undeclared var.X is caught" check_variables_negative
check "each state backend: own key, one bucket, encrypted, S3 lock file" check_backends
check "every module is pinned to an exact version" check_module_pins
check "database encrypted, private, RDS-managed password; Multi-AZ and protected in preprod and prod" check_database_safety
finish
