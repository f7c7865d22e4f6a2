import test from "node:test";
import assert from "node:assert/strict";
import { exportReport, fileNameFor, Row } from "../src/export";
import { csvExporter } from "../src/exporters/csv";
import { jsonExporter } from "../src/exporters/json";
import { markdownExporter } from "../src/exporters/markdown";
import { getExporter, listFormats, registerExporter } from "../src/exporters/registry";
import { Exporter } from "../src/exporters/types";

const rows: Row[] = [{ name: 'say "hi"', n: 2 }, { name: "x\ny", n: 3 }];

test("builtins registered", () => {
  assert.equal(getExporter("csv"), csvExporter);
  assert.equal(getExporter("json"), jsonExporter);
  assert.equal(getExporter("markdown"), markdownExporter);
  assert.deepEqual([csvExporter.extension, jsonExporter.extension, markdownExporter.extension], ["csv", "json", "md"]);
  assert.throws(() => getExporter("yaml"), /unknown format: yaml/);
});

test("old behaviour", () => {
  assert.equal(exportReport(rows, "csv"), 'name,n\n"say ""hi""",2\n"x\ny",3\n');
  assert.equal(exportReport([], "markdown"), "|  |\n|  |\n");
  assert.equal(exportReport([{ a: 1 }], "json"), '[\n  {\n    "a": 1\n  }\n]\n');
  assert.throws(() => exportReport(rows, "pdf"), /unknown format: pdf/);
});

test("plugins", () => {
  const tsv: Exporter = { name: "tsv-hidden", extension: "tsv", render: (rs) => rs.map((r) => Object.values(r).join("\t")).join("\n") };
  registerExporter(tsv);
  assert.equal(exportReport([{ a: 1, b: "z" }], "tsv-hidden"), "1\tz");
  assert.equal(fileNameFor("out", "tsv-hidden"), "out.tsv");
  assert.equal(fileNameFor("r", "markdown"), "r.md");
  assert.throws(() => registerExporter({ ...tsv }));
  const names = listFormats();
  assert.deepEqual(names, [...names].sort());
  for (const n of ["csv", "json", "markdown", "tsv-hidden"]) assert.ok(names.includes(n));
});
