// Checks one environment's rendered manifests against what the deployment promises, beyond what
// a schema can say: hardening, probes and shutdown timing, references that must resolve, the
// environment's host, namespace and secret, the network policy, and what the administrator
// applies once (overlays/<env>/admin: the namespace, the deploy job's rights).
//
//   node policy.mjs ENV RENDERED.yaml RENDERED-ADMIN.yaml
//
// Prints each broken rule and exits 1, or prints how many rules held.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const ECR_REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/polls";
// Made by an administrator, once per namespace (README), so never in the rendered output.
const OUT_OF_BAND_CONFIGMAPS = new Set(["polls-rds-ca"]);

const [env, renderedFile, adminFile] = process.argv.slice(2);
if (!adminFile) {
  console.error("usage: node policy.mjs ENV RENDERED.yaml RENDERED-ADMIN.yaml");
  process.exit(2);
}

const load = (file) =>
  parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1" })
    .map((d) => d.toJS())
    .filter((v) => v);
const objects = load(renderedFile);
const adminObjects = load(adminFile);

let held = 0;
const broken = [];
function rule(ok, what) {
  if (ok) held++;
  else broken.push(what);
}
const all = (kind) => objects.filter((o) => o.kind === kind);
const one = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
// A non-empty selector whose every label the object has.
const selects = (selector, labels) =>
  Object.keys(selector ?? {}).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

// ---- the set of objects, and the namespace ----
const namespace = `polls-${env}`;
const expected = {
  ServiceAccount: 1,
  ConfigMap: 2,
  Service: 1,
  Deployment: 1,
  PodDisruptionBudget: 1,
  HorizontalPodAutoscaler: 1,
  Ingress: 2,
  NetworkPolicy: 2,
  SecretProviderClass: 1,
};
for (const [kind, count] of Object.entries(expected)) {
  rule(all(kind).length === count, `${count} ${kind} expected, found ${all(kind).length}`);
}
const total = Object.values(expected).reduce((a, b) => a + b);
rule(objects.length === total, `unexpected objects: ${objects.map((o) => o.kind).join(", ")}`);
for (const o of objects) {
  const at = o.metadata?.namespace;
  rule(at === namespace, `${o.kind}/${o.metadata?.name} is in namespace ${at}, not ${namespace}`);
}

// ---- admin/: the namespace, and the deploy job's right to the SecretProviderClass ----
const adminKinds = adminObjects.map((o) => o.kind).sort().join(",");
rule(adminKinds === "Namespace,Role,RoleBinding", `admin/ makes ${adminKinds}`);
const ns = adminObjects.find((o) => o.kind === "Namespace");
rule(ns?.metadata?.name === namespace, `admin/ makes the namespace ${ns?.metadata?.name}`);
rule(
  ns?.metadata?.labels?.["pod-security.kubernetes.io/enforce"] === "restricted",
  "the namespace does not enforce Pod Security 'restricted'",
);
const role = adminObjects.find((o) => o.kind === "Role");
const binding = adminObjects.find((o) => o.kind === "RoleBinding");
const grants = (role?.rules ?? []).some(
  (r) =>
    r.apiGroups?.includes("secrets-store.csi.x-k8s.io") &&
    r.resources?.includes("secretproviderclasses") &&
    ["get", "create", "patch"].every((verb) => r.verbs?.includes(verb)),
);
rule(grants, "the deployer Role does not let kubectl apply SecretProviderClasses");
rule(
  role?.metadata?.namespace === namespace && binding?.metadata?.namespace === namespace,
  `the deployer Role and RoleBinding are not in ${namespace}`,
);
rule(
  binding?.roleRef?.kind === "Role" &&
    binding?.roleRef?.name === role?.metadata?.name &&
    (binding?.subjects ?? []).some((s) => s.kind === "Group" && s.name === "polls-deployers"),
  "the deployer Role is not bound to the group polls-deployers (terraform's deploy role)",
);

// ---- the Deployment ----
const deployment = one("Deployment", "polls");
const template = deployment?.spec?.template ?? {};
const pod = template.spec ?? {};
const podLabels = template.metadata?.labels;
const initContainers = pod.initContainers ?? [];
const containers = pod.containers ?? [];
const polls = containers.find((c) => c.name === "polls") ?? {};
const migrate = initContainers.find((c) => c.name === "migrate") ?? {};

rule(deployment?.spec?.replicas === undefined, "the Deployment sets replicas (the HPA owns them)");
rule(
  selects(deployment?.spec?.selector?.matchLabels, podLabels),
  "the Deployment's selector does not match its pods",
);
rule(
  deployment?.spec?.strategy?.rollingUpdate?.maxUnavailable === 0,
  "a rollout may go below the current pod count (maxUnavailable is not 0)",
);
const podSecurity = pod.securityContext ?? {};
rule(podSecurity.runAsNonRoot === true, "pod securityContext.runAsNonRoot is not true");
rule(podSecurity.runAsUser > 0, "pod securityContext.runAsUser is not a numeric non-root uid");
rule(podSecurity.seccompProfile?.type === "RuntimeDefault", "pod seccomp is not RuntimeDefault");
rule(pod.automountServiceAccountToken === false, "the pods mount a service account token");
rule(pod.enableServiceLinks === false, "service links are on (they add POLLS_* variables)");
rule(
  one("ServiceAccount", pod.serviceAccountName) !== undefined,
  `service account ${pod.serviceAccountName} is not in the output`,
);
rule(
  (pod.topologySpreadConstraints ?? []).some(
    (t) =>
      t.topologyKey === "topology.kubernetes.io/zone" &&
      selects(t.labelSelector?.matchLabels, podLabels),
  ),
  "the pods are not spread across zones",
);

for (const c of [...initContainers, ...containers]) {
  const where = `container ${c.name}`;
  const sc = c.securityContext ?? {};
  const capabilities = sc.capabilities ?? {};
  rule(sc.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation is not false`);
  rule(sc.readOnlyRootFilesystem === true, `${where}: readOnlyRootFilesystem is not true`);
  rule(
    (capabilities.drop ?? []).includes("ALL") && (capabilities.add ?? []).length === 0,
    `${where}: capabilities are not all dropped`,
  );
  rule(sc.privileged !== true && sc.runAsUser !== 0, `${where}: privileged or root`);
  const { requests = {}, limits = {} } = c.resources ?? {};
  rule(
    Boolean(requests.cpu && requests.memory && limits.memory),
    `${where}: CPU and memory requests and a memory limit expected`,
  );
  rule(
    typeof c.image === "string" &&
      c.image.startsWith(`${ECR_REPOSITORY}:`) &&
      !c.image.endsWith(":latest"),
    `${where}: image ${c.image} is not a tagged image of ${ECR_REPOSITORY}`,
  );
  rule(c.image === polls.image, `${where}: image differs from the polls container's`);
}
rule(JSON.stringify(migrate.args) === '["migrate"]', "no init container runs `polls migrate`");
rule(JSON.stringify(polls.args) === '["serve"]', "the polls container does not run `polls serve`");

const port = (name) => (polls.ports ?? []).find((p) => p.name === name)?.containerPort;
rule(port("http") === 8000 && port("metrics") === 9090, "ports http 8000, metrics 9090 expected");
const probes = (p, path) => p?.httpGet?.path === path && p?.httpGet?.port === "http";
rule(probes(polls.startupProbe, "/healthz"), "startup probe is not GET /healthz on http");
rule(probes(polls.livenessProbe, "/healthz"), "liveness probe is not GET /healthz on http");
rule(probes(polls.readinessProbe, "/readyz"), "readiness probe is not GET /readyz on http");
const annotations = template.metadata?.annotations ?? {};
rule(
  annotations["prometheus.io/scrape"] === "true" &&
    Number(annotations["prometheus.io/port"]) === port("metrics") &&
    annotations["prometheus.io/path"] === "/metrics",
  "the prometheus.io annotations do not point at /metrics on the metrics port",
);

// Shutdown: the grace period covers the preStop pause, polls' drain time and a margin.
const configMap = all("ConfigMap").find((o) => o.data?.["polls.toml"] !== undefined);
const toml = configMap?.data?.["polls.toml"] ?? "";
const drain = Number(/^drain_seconds\s*=\s*(\d+)/m.exec(toml)?.[1]);
const preStop = polls.lifecycle?.preStop?.sleep?.seconds;
const grace = pod.terminationGracePeriodSeconds;
rule(Number.isInteger(drain), "polls.toml does not set drain_seconds (the grace period needs it)");
rule(Number.isInteger(preStop) && preStop > 0, "no preStop sleep on the polls container");
rule(
  grace >= preStop + drain + 5,
  `terminationGracePeriodSeconds ${grace} < preStop ${preStop} + drain_seconds ${drain} + 5`,
);
rule(/^listen\s*=\s*"0\.0\.0\.0:8000"/m.test(toml), 'polls.toml does not listen on "0.0.0.0:8000"');
rule(
  /^max_connections_per_address\s*=\s*0\s*$/m.test(toml),
  "polls.toml does not lift the per-address cap (behind ingress-nginx every peer is the ingress)",
);
rule(
  /^trust_x_forwarded_proto\s*=\s*true/m.test(toml),
  "polls.toml does not trust X-Forwarded-Proto (set by ingress-nginx)",
);

// References: every ConfigMap, Secret and SecretProviderClass the pods use is in the output (or
// made by hand, as documented), and the Secret carries the keys the containers read.
const envVar = (c, name) => (c.env ?? []).find((e) => e.name === name);
const configVolume = (pod.volumes ?? []).find((v) =>
  (polls.volumeMounts ?? []).some((m) => m.name === v.name && m.mountPath === "/etc/polls"),
);
rule(
  configVolume?.configMap?.name === configMap?.metadata?.name,
  "the volume at /etc/polls is not the ConfigMap holding polls.toml",
);
for (const c of [migrate, polls]) {
  const where = `container ${c.name}`;
  rule(
    envVar(c, "POLLS_CONFIG")?.value === "/etc/polls/polls.toml",
    `${where}: POLLS_CONFIG is not /etc/polls/polls.toml`,
  );
  const mounted = (c.volumeMounts ?? []).some(
    (m) => m.name === configVolume?.name && m.mountPath === "/etc/polls",
  );
  rule(mounted, `${where}: polls.toml is not mounted at /etc/polls`);
  for (const ref of c.envFrom ?? []) {
    const name = ref.configMapRef?.name;
    rule(one("ConfigMap", name) !== undefined, `${where}: envFrom ${name} is not in the output`);
  }
}
for (const v of pod.volumes ?? []) {
  if (v.configMap) {
    const name = v.configMap.name;
    rule(
      one("ConfigMap", name) !== undefined || OUT_OF_BAND_CONFIGMAPS.has(name),
      `volume ${v.name}: ConfigMap ${name} is neither in the output nor made by hand`,
    );
  }
  if (v.csi) {
    const name = v.csi.volumeAttributes?.secretProviderClass;
    rule(
      one("SecretProviderClass", name) !== undefined,
      `volume ${v.name}: SecretProviderClass ${name} is not in the output`,
    );
  }
}
const spc = all("SecretProviderClass")[0];
// Secret name -> the keys the driver writes into it.
const synced = new Map(
  (spc?.spec?.secretObjects ?? []).map((s) => [
    s.secretName,
    new Set((s.data ?? []).map((d) => d.key)),
  ]),
);
for (const [c, names] of [
  [migrate, ["DATABASE_URL"]],
  [polls, ["DATABASE_URL", "SECRET_KEY"]],
]) {
  for (const name of names) {
    const ref = envVar(c, name)?.valueFrom?.secretKeyRef;
    rule(
      Boolean(ref && synced.get(ref.name)?.has(ref.key)),
      `container ${c.name}: ${name} does not come from a Secret the SecretProviderClass makes`,
    );
  }
}
const objectName = new RegExp(`objectName:\\s*polls/${env}/app\\s*$`, "m");
rule(
  objectName.test(spc?.spec?.parameters?.objects ?? ""),
  `the SecretProviderClass does not read polls/${env}/app`,
);

// ---- Service, Ingress, HPA, PDB ----
const service = one("Service", "polls");
rule(selects(service?.spec?.selector, podLabels), "the Service's selector does not match the pods");
rule(
  (service?.spec?.ports ?? []).every((p) => p.targetPort === "http"),
  "the Service exposes more than the http port",
);
const ingress = one("Ingress", "polls");
const host = ingress?.spec?.rules?.[0]?.host;
rule(ingress?.spec?.ingressClassName === "nginx", "the Ingress class is not nginx");
rule(typeof host === "string" && !host.endsWith(".invalid"), `Ingress host ${host} is the base's`);
rule(ingress?.spec?.tls?.[0]?.hosts?.[0] === host, "the TLS host differs from the rule's host");
const origins = (polls.envFrom ?? [])
  .map((r) => one("ConfigMap", r.configMapRef?.name)?.data?.POLLS_CSRF_TRUSTED_ORIGINS)
  .find((v) => v);
rule(origins === `https://${host}`, `POLLS_CSRF_TRUSTED_ORIGINS ${origins} is not https://${host}`);
for (const r of all("Ingress").flatMap((i) => i.spec?.rules ?? [])) {
  for (const p of r.http?.paths ?? []) {
    const backend = p.backend?.service;
    rule(
      backend?.name === "polls" && backend?.port?.name === "http",
      "an Ingress routes to something other than the http port of polls",
    );
  }
}

// The live results' streams (Server-Sent Events): an Ingress of their own on the same host, that
// nginx neither buffers nor times out before the heartbeat.
const events = one("Ingress", "polls-events");
const nginxAnnotation = (object, name) =>
  object?.metadata?.annotations?.[`nginx.ingress.kubernetes.io/${name}`];
const eventsAnnotation = (name) => nginxAnnotation(events, name);
const eventsPaths = (events?.spec?.rules ?? []).flatMap((r) => r.http?.paths ?? []);
rule(events?.spec?.ingressClassName === "nginx", "the events Ingress class is not nginx");
rule(
  events?.spec?.rules?.length === 1 && events.spec.rules[0].host === host,
  `the events Ingress's host is not the site's (${host})`,
);
rule(events?.spec?.tls?.[0]?.hosts?.[0] === host, "the events Ingress's TLS host differs");
rule(
  eventsPaths.length === 1 &&
    eventsPaths[0].path === "/polls/[0-9]+/events/" &&
    eventsPaths[0].pathType === "ImplementationSpecific",
  "the events Ingress does not route exactly the path /polls/[0-9]+/events/",
);
rule(eventsAnnotation("use-regex") === "true", "the events Ingress does not set use-regex");
// ingress-nginx matches a regex path case-insensitively from the start of the URL.
const eventsPath = new RegExp(`^${eventsPaths[0]?.path}`, "i");
rule(
  ["/polls/7/events/", "/polls/123/events/"].every((u) => eventsPath.test(u)) &&
    ["/polls/7/", "/polls/7/results/", "/polls/x/events/", "/events/"].every(
      (u) => !eventsPath.test(u),
    ),
  "the events path does not match exactly the question streams",
);
rule(eventsAnnotation("proxy-buffering") === "off", "the events Ingress lets nginx buffer");
const heartbeat = Number(/^live_heartbeat_seconds\s*=\s*(\d+)/m.exec(toml)?.[1] ?? 15);
for (const timeout of ["proxy-read-timeout", "proxy-send-timeout"]) {
  const seconds = Number(eventsAnnotation(timeout));
  rule(
    Number.isInteger(seconds) && seconds >= 3600 && seconds > 2 * heartbeat,
    `the events Ingress's ${timeout} is ${eventsAnnotation(timeout)}, not an hour or more`,
  );
}
for (const name of ["use-regex", "proxy-buffering", "proxy-read-timeout", "proxy-send-timeout"]) {
  rule(
    nginxAnnotation(ingress, name) === undefined,
    `the pages' Ingress sets ${name}: that belongs to the events Ingress only`,
  );
}

const hpa = one("HorizontalPodAutoscaler", "polls");
const target = hpa?.spec?.scaleTargetRef;
const cpu = (hpa?.spec?.metrics ?? []).find((m) => m.resource?.name === "cpu");
const { minReplicas, maxReplicas } = hpa?.spec ?? {};
rule(target?.kind === "Deployment" && target?.name === "polls", "the HPA does not scale polls");
rule(cpu?.resource?.target?.averageUtilization === 50, "the HPA does not target 50 % CPU");
rule(
  minReplicas >= 1 && maxReplicas === 10 && minReplicas <= maxReplicas,
  `HPA bounds ${minReplicas}..${maxReplicas}, not 1..10 (or a higher floor)`,
);
const pdb = one("PodDisruptionBudget", "polls");
rule(
  selects(pdb?.spec?.selector?.matchLabels, podLabels) && pdb?.spec?.maxUnavailable === 1,
  "the PDB does not let exactly one pod go at a time",
);

// ---- NetworkPolicy: in from ingress-nginx (http) and monitoring (metrics); out DNS and 5432 ----
const policies = all("NetworkPolicy");
rule(
  policies.every((p) => selects(p.spec?.podSelector?.matchLabels, podLabels)),
  "a NetworkPolicy does not select the pods",
);
const namespaces = (peers) =>
  (peers ?? []).map((f) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"]);
const ingressRules = policies.flatMap((p) => p.spec?.ingress ?? []);
rule(ingressRules.length === 2, `ingress allowed by ${ingressRules.length} rules, not 2`);
for (const r of ingressRules) {
  const ports = (r.ports ?? []).map((p) => p.port).join(",");
  const from = namespaces(r.from).join(",");
  const allowed =
    (from === "ingress-nginx" && ports === "http") ||
    (from === "monitoring" && ports === "metrics");
  rule(
    allowed,
    `ingress allowed from [${from}] to [${ports}]`,
  );
}
const egressRules = policies.flatMap((p) => p.spec?.egress ?? []);
for (const r of egressRules) {
  const ports = (r.ports ?? []).map((p) => `${p.port}/${p.protocol}`).sort().join(",");
  const dns = ports === "53/TCP,53/UDP" && namespaces(r.to).every((n) => n === "kube-system");
  const database =
    ports === "5432/TCP" &&
    (r.to ?? []).length > 0 &&
    r.to.every((t) => t.ipBlock?.cidr?.startsWith("10.") && !t.ipBlock.except);
  rule(dns || database, `egress allowed to ${JSON.stringify(r.to)} on [${ports}]`);
}
rule(
  egressRules.some((r) => (r.ports ?? []).some((p) => p.port === 5432)),
  "no way out to the database (5432)",
);

if (broken.length > 0) {
  for (const b of broken) console.log(`broken: ${b}`);
  console.log(`${broken.length} of ${held + broken.length} rules broken for ${env}`);
  process.exitCode = 1;
} else {
  console.log(`${held} rules held for ${env}`);
}
