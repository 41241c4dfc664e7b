// The representative run of several Lighthouse runs of one page, chosen by
// Lighthouse's own rule (the run nearest the median FCP and time to
// interactive; docs/variability.md in the Lighthouse repository). Prints the
// chosen file's index (0-based) among the arguments.
import { readFileSync } from "node:fs";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";

const runs = process.argv.slice(2).map((path) => JSON.parse(readFileSync(path, "utf8")));
console.log(runs.indexOf(computeMedianRun(runs)));
