import test from "node:test";
import assert from "node:assert/strict";
import { overdue, sortByDue } from "../src/tasks";
import { Task } from "../src/types";

const t = (id: string, due: string | null, done = false): Task => ({ id, title: id, due: due ? new Date(due) : null, done });

test("overdue", () => {
  const now = new Date("2026-05-10T00:00:00Z");
  const got = overdue([t("a", "2026-05-01T00:00:00Z"), t("b", "2026-06-01T00:00:00Z"), t("c", "2026-05-01T00:00:00Z", true), t("d", null)], now);
  assert.deepEqual(got.map((x) => x.id), ["a"]);
});

test("sort", () => {
  assert.deepEqual(sortByDue([t("x", null), t("y", "2026-01-02T00:00:00Z"), t("z", "2026-01-01T00:00:00Z")]).map((x) => x.id), ["z", "y", "x"]);
});
