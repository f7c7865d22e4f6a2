import test from "node:test";
import assert from "node:assert/strict";
import { InvalidTransition, newOrder, transition } from "../src/machine";
import { summarize } from "../src/report";

test("happy path", () => {
  let o = newOrder("o1", 1000);
  o = transition(o, "pay", 1);
  o = transition(o, "ship", 2);
  o = transition(o, "deliver", 3);
  assert.equal(o.status, "delivered");
  assert.equal(o.history.length, 3);
  assert.throws(() => transition(o, "cancel", 4), InvalidTransition);
});

test("summary", () => {
  const a = transition(newOrder("a", 500), "pay", 1);
  const b = transition(newOrder("b", 700), "cancel", 1);
  const s = summarize([a, b, newOrder("c", 1)]);
  assert.equal(s.total, 3);
  assert.equal(s.cancelled, 1);
  assert.equal(s.delivered, 0);
  assert.equal(s.revenueCents, 500);
});
