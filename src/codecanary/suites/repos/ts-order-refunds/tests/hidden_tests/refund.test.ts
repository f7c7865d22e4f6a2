import test from "node:test";
import assert from "node:assert/strict";
import { InvalidTransition, newOrder, transition } from "../src/machine";
import { summarize } from "../src/report";
import { Order, OrderEvent } from "../src/types";

const paid = () => transition(newOrder("p1", 900), "pay", 10);

test("refund from paid and shipped", () => {
  const p = paid();
  const r = transition(p, "refund", 11);
  assert.equal(r.status, "refunded");
  assert.equal(p.status, "paid");
  assert.deepEqual(r.history[r.history.length - 1], { from: "paid", to: "refunded", at: 11 });
  const s = transition(transition(paid(), "ship", 12), "refund", 13);
  assert.equal(s.status, "refunded");
  assert.equal(s.history.length, 3);
});

test("refund not allowed", () => {
  const created = newOrder("c9", 100);
  assert.throws(() => transition(created, "refund", 1),
    (e: unknown) => e instanceof InvalidTransition && (e as Error).message === "cannot refund order c9 in status created");
  const delivered = transition(transition(paid(), "ship", 2), "deliver", 3);
  assert.throws(() => transition(delivered, "refund", 4), InvalidTransition);
});

test("refunded is terminal", () => {
  const r = transition(paid(), "refund", 5);
  const events: OrderEvent[] = ["pay", "ship", "deliver", "cancel", "refund"];
  for (const ev of events) {
    assert.throws(() => transition(r, ev, 6), InvalidTransition);
  }
});

test("summary counts refunds", () => {
  const orders: Order[] = [
    transition(paid(), "refund", 1),
    transition(newOrder("d", 250), "pay", 1),
    transition(newOrder("e", 40), "cancel", 1),
    transition(transition(newOrder("f", 60), "pay", 1), "ship", 2),
  ];
  assert.deepEqual(summarize(orders), { total: 4, delivered: 0, cancelled: 1, refunded: 1, revenueCents: 310 });
});
