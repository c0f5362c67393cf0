// Validates an AsyncAPI document with the AsyncAPI project's own parser.
// Usage: node asyncapi_validate.mjs <node_modules dir> <document.json>
// Prints one JSON line: {"errors": [...], "warnings": [...], "version": "..."}.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [modules, file] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "index.js"));
const { Parser } = require("@asyncapi/parser");
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, "utf8"));
const level = (d) => (d.severity === 0 ? "errors" : d.severity === 1 ? "warnings" : "info");
const out = { errors: [], warnings: [], info: [], version: document ? document.version() : null };
for (const d of diagnostics) {
  out[level(d)].push(`${d.code}: ${d.message} at ${JSON.stringify(d.path)}`);
}
console.log(JSON.stringify(out));
