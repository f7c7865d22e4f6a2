import test from "node:test";
import assert from "node:assert/strict";
import { exportReport, Row } from "../src/index";

const rows: Row[] = [{ name: "a,b", n: 1 }, { name: "c|d", extra: "x" }];

test("csv", () => {
  assert.equal(exportReport(rows, "csv"), 'name,n,extra\n"a,b",1,\nc|d,,x\n');
});

test("markdown", () => {
  assert.equal(exportReport(rows, "markdown"), "| name | n | extra |\n| --- | --- | --- |\n| a,b | 1 |  |\n| c\\|d |  | x |\n");
});

test("json and unknown", () => {
  assert.deepEqual(JSON.parse(exportReport(rows, "json")), rows);
  assert.throws(() => exportReport(rows, "xml"), /unknown format: xml/);
});
