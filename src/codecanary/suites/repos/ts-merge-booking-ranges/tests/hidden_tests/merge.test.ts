import test from "node:test";
import assert from "node:assert/strict";
import { mergeRanges } from "../src/ranges";
import { freeSlots } from "../src/slots";

test("unsorted input", () => {
  assert.deepEqual(mergeRanges([{ start: 7, end: 8 }, { start: 2, end: 5 }, { start: 1, end: 3 }]),
    [{ start: 1, end: 5 }, { start: 7, end: 8 }]);
});

test("touching ranges merge", () => {
  assert.deepEqual(mergeRanges([{ start: 9, end: 10 }, { start: 10, end: 12 }]), [{ start: 9, end: 12 }]);
});

test("contained range", () => {
  assert.deepEqual(mergeRanges([{ start: 1, end: 10 }, { start: 2, end: 3 }, { start: 11, end: 12 }]),
    [{ start: 1, end: 10 }, { start: 11, end: 12 }]);
});

test("does not mutate input", () => {
  const input = [{ start: 1, end: 4 }, { start: 0, end: 2 }];
  mergeRanges(input);
  assert.deepEqual(input, [{ start: 1, end: 4 }, { start: 0, end: 2 }]);
  assert.deepEqual(mergeRanges([]), []);
});

test("free slots with messy bookings", () => {
  const bookings = [{ start: 14, end: 15 }, { start: 10, end: 12 }, { start: 11, end: 11.5 }, { start: 12, end: 13 }];
  assert.deepEqual(freeSlots(bookings, { start: 9, end: 17 }),
    [{ start: 9, end: 10 }, { start: 13, end: 14 }, { start: 15, end: 17 }]);
});
