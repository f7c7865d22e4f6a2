import test from "node:test";
import assert from "node:assert/strict";
import { mergeRanges } from "../src/ranges";
import { freeSlots } from "../src/slots";

test("sorted overlapping", () => {
  assert.deepEqual(mergeRanges([{ start: 1, end: 3 }, { start: 2, end: 5 }, { start: 7, end: 8 }]),
    [{ start: 1, end: 5 }, { start: 7, end: 8 }]);
});

test("free slots simple", () => {
  assert.deepEqual(freeSlots([{ start: 10, end: 11 }], { start: 9, end: 17 }),
    [{ start: 9, end: 10 }, { start: 11, end: 17 }]);
});
