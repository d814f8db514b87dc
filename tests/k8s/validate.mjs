// Validates Kubernetes manifests offline, the way the API server with kubectl's strict field
// validation would: every object of every YAML stream given must match the schema of its
// apiVersion and kind, and must hold no field that schema does not know.
//
//   node validate.mjs FILE...      one line per object; exit 1 if any object (or file) is invalid
//
// Two checks per object, because neither alone is enough:
//   1. the OpenAPI schema of Kubernetes 1.33 (kubernetes-models' validators, compiled with ajv):
//      types, enums, formats (quantities, int-or-string) and required fields. Like the
//      OpenAPI document it comes from, it lets unknown fields through;
//   2. unknown fields, by type-checking the object as a TypeScript literal against the
//      interface kubernetes-models declares for it (excess property checks, at every depth).
// Kinds outside the core API have a JSON Schema of ours under schemas/ (strict on its own).
// An object whose apiVersion and kind have no schema here is an error, never skipped.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// apiVersion/kind -> JSON Schema file, for kinds that kubernetes-models does not cover.
const ownSchemas = {
  "secrets-store.csi.x-k8s.io/v1/SecretProviderClass": "schemas/secretproviderclass-v1.json",
};

// "apps/v1" + "Deployment" -> "kubernetes-models/apps/v1/Deployment"; the core group is "v1".
function modelPath(apiVersion, kind) {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function hasModel(apiVersion, kind) {
  try {
    require.resolve(modelPath(apiVersion, kind));
    return true;
  } catch {
    return false;
  }
}

function readObjects(file) {
  const objects = [];
  const problems = [];
  // YAML 1.1, as Kubernetes' own parser reads manifests (yes/no/on/off are booleans there).
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1", uniqueKeys: true });
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) problems.push(`${file}: YAML: ${e.message}`);
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      problems.push(`${file}: a document that is not an object`);
      continue;
    }
    objects.push({ file, value });
  }
  return { objects, problems };
}

function label(o) {
  const v = o.value;
  return `${o.file} ${v.apiVersion ?? "?"} ${v.kind ?? "?"}/${v.metadata?.name ?? "?"}`;
}

// Our own schemas, compiled once each.
const ajv = new Ajv({ allErrors: true, strict: true });
function ownValidator(file) {
  if (!ajv.getSchema(file)) ajv.addSchema(JSON.parse(readFileSync(join(here, file), "utf8")), file);
  return ajv.getSchema(file);
}

// Check 1 (and the whole check for kinds with a schema of ours).
async function schemaErrors(o) {
  const { apiVersion, kind } = o.value;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["no apiVersion or kind"];
  const own = ownSchemas[`${apiVersion}/${kind}`];
  if (own) {
    const validate = ownValidator(own);
    if (validate(o.value)) return [];
    return validate.errors.map((e) => {
      const extra = e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : "";
      return `${e.instancePath || "/"} ${e.message}${extra}`;
    });
  }
  if (!hasModel(apiVersion, kind)) return [`no schema for apiVersion ${apiVersion}, kind ${kind}`];
  const Model = (await import(modelPath(apiVersion, kind)))[kind];
  try {
    new Model(o.value).validate();
    return [];
  } catch (e) {
    return String(e.message).split(", ");
  }
}

// Check 2: every object with a kubernetes-models interface, type-checked in one TypeScript
// program. The sources are virtual files beside this script, so that module resolution finds
// node_modules here; nothing is written to disk.
function unknownFieldErrors(objects) {
  const errors = new Map(objects.map((o) => [o, []]));
  const sources = new Map();
  const owners = new Map();
  objects.forEach((o, i) => {
    const { apiVersion, kind } = o.value;
    if (ownSchemas[`${apiVersion}/${kind}`] || !hasModel(apiVersion, kind)) return;
    const name = join(here, "__objects__", `object${i}.ts`);
    const text = [
      `import type { I${kind} } from "${modelPath(apiVersion, kind)}";`,
      `export const object: I${kind} = ${JSON.stringify(o.value, null, 2)};`,
      "",
    ].join("\n");
    sources.set(name, text);
    owners.set(name, o);
  });
  if (sources.size === 0) return errors;

  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    noErrorTruncation: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    sources.has(name)
      ? ts.createSourceFile(name, sources.get(name), language, true)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => sources.has(name) || fileExists.call(host, name);
  host.readFile = (name) => sources.get(name) ?? readFile.call(host, name);

  const program = ts.createProgram([...sources.keys()], options, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const owner = d.file && owners.get(d.file.fileName);
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!owner) {
      // A problem outside our sources (a broken type package, say) fails everything.
      for (const list of errors.values()) list.push(`TypeScript: ${message}`);
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const at = d.file.text.split("\n")[line]?.trim() ?? "";
    errors.get(owner).push(`${message} (at: ${at})`);
  }
  return errors;
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node validate.mjs FILE...");
    return 2;
  }
  const objects = [];
  let fileProblems = 0;
  for (const file of files) {
    const read = readObjects(file);
    for (const p of read.problems) console.log(`FAIL ${p}`);
    fileProblems += read.problems.length;
    objects.push(...read.objects);
  }
  const strictErrors = unknownFieldErrors(objects);
  let invalid = 0;
  for (const o of objects) {
    const problems = [...(await schemaErrors(o)), ...strictErrors.get(o)];
    if (problems.length === 0) {
      console.log(`ok   ${label(o)}`);
    } else {
      invalid++;
      console.log(`FAIL ${label(o)}`);
      for (const p of problems) console.log(`       ${p}`);
    }
  }
  if (objects.length === 0) {
    console.log("FAIL no object found: nothing was validated");
    return 1;
  }
  console.log(`${objects.length - invalid} of ${objects.length} objects valid`);
  return invalid === 0 && fileProblems === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
