// Node.js module hook: @actions/workflow-parser imports its schema with a bare
// `import x from "./schema.json"`, written for bundlers; Node.js wants the import attribute
// `with { type: "json" }`. This adds it for .json files.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json")) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}
