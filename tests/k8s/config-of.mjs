// Writes what the polls container of a rendered Deployment would be configured with, so that the
// real binary can judge it (`polls config`):
//
//   node config-of.mjs RENDERED.yaml DIR
//
// DIR/polls.toml: the file mounted at /etc/polls (from its ConfigMap); DIR/polls.env: one
// NAME=VALUE line per variable set from a ConfigMap (envFrom) or a literal value (env), except
// POLLS_CONFIG. Variables from Secrets are left out: the test supplies stand-ins.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const [renderedFile, dir] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node config-of.mjs RENDERED.yaml DIR");
  process.exit(2);
}
const objects = parseAllDocuments(readFileSync(renderedFile, "utf8"), { version: "1.1" })
  .map((d) => d.toJS())
  .filter((v) => v);
const configMap = (name) =>
  objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === name);
const pod = objects.find((o) => o.kind === "Deployment")?.spec?.template?.spec;
const polls = pod?.containers?.find((c) => c.name === "polls");
if (!polls) throw new Error(`${renderedFile}: no Deployment with a polls container`);

const mount = polls.volumeMounts?.find((m) => m.mountPath === "/etc/polls");
const volume = pod.volumes?.find((v) => v.name === mount?.name);
const toml = configMap(volume?.configMap?.name)?.data?.["polls.toml"];
if (toml === undefined) throw new Error(`${renderedFile}: no polls.toml mounted at /etc/polls`);

const lines = [];
for (const ref of polls.envFrom ?? []) {
  const data = configMap(ref.configMapRef?.name)?.data;
  if (!data) throw new Error(`${renderedFile}: no ConfigMap ${ref.configMapRef?.name} (envFrom)`);
  for (const [k, v] of Object.entries(data)) lines.push(`${k}=${v}`);
}
for (const e of polls.env ?? []) {
  if (e.value !== undefined && e.name !== "POLLS_CONFIG") lines.push(`${e.name}=${e.value}`);
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "polls.toml"), toml);
writeFileSync(join(dir, "polls.env"), lines.map((l) => `${l}\n`).join(""));
