// Replaces the generated section of a markdown file (between the BEGIN and END markers below) with
// the contents of another file; adds the section at the end when the markers are missing.
//   node splice.mjs docs/benchmarks.md report.md
import { readFileSync, writeFileSync } from "node:fs";

const [target, generated] = process.argv.slice(2);
const BEGIN = "<!-- BEGIN GENERATED: bench/run-all.sh (do not edit by hand) -->";
const END = "<!-- END GENERATED -->";
const doc = readFileSync(target, "utf8");
const section = `${BEGIN}\n\n${readFileSync(generated, "utf8").trim()}\n\n${END}`;
const start = doc.indexOf(BEGIN), end = doc.indexOf(END);
if ((start < 0) !== (end < 0) || end < start) throw new Error(`${target}: markers out of order or only one of them`);
writeFileSync(target, start < 0 ? `${doc.trimEnd()}\n\n${section}\n` : doc.slice(0, start) + section + doc.slice(end + END.length));
