import test from "node:test";
import assert from "node:assert/strict";
import { loadTasks, saveTasks } from "../src/storage";
import { overdue, sortByDue } from "../src/tasks";
import { Task } from "../src/types";

const tasks: Task[] = [
  { id: "a", title: "A", due: new Date("2026-05-01T08:30:00.123Z"), done: false },
  { id: "b", title: "B", due: null, done: false },
  { id: "c", title: "C", due: new Date("2026-04-01T00:00:00Z"), done: false },
  { id: "d", title: "D", due: new Date("2026-03-01T00:00:00Z"), done: true },
];

test("round trip keeps Dates", () => {
  const loaded = loadTasks(saveTasks(tasks));
  assert.ok(loaded[0].due instanceof Date);
  assert.equal(loaded[0].due!.getTime(), tasks[0].due!.getTime());
  assert.equal(loaded[1].due, null);
  assert.deepEqual(loaded, tasks);
});

test("overdue and sort after reload", () => {
  const loaded = loadTasks(saveTasks(tasks));
  assert.deepEqual(overdue(loaded, new Date("2026-04-15T00:00:00Z")).map((t) => t.id), ["c"]);
  assert.deepEqual(sortByDue(loaded).map((t) => t.id), ["d", "c", "a", "b"]);
});

test("invalid date mentions the id", () => {
  const bad = JSON.stringify({ version: 1, tasks: [{ id: "zz9", title: "x", due: "not a date", done: false }] });
  assert.throws(() => loadTasks(bad), /zz9/);
});
