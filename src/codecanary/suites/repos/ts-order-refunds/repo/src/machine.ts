import { Order, OrderEvent, OrderStatus } from "./types";

export class InvalidTransition extends Error {}

const TABLE: Record<OrderEvent, { from: OrderStatus[]; to: OrderStatus }> = {
  pay: { from: ["created"], to: "paid" },
  ship: { from: ["paid"], to: "shipped" },
  deliver: { from: ["shipped"], to: "delivered" },
  cancel: { from: ["created"], to: "cancelled" },
};

export function transition(order: Order, event: OrderEvent, at: number): Order {
  const rule = TABLE[event];
  if (!rule.from.includes(order.status)) {
    throw new InvalidTransition(`cannot ${event} order ${order.id} in status ${order.status}`);
  }
  return {
    ...order,
    status: rule.to,
    history: [...order.history, { from: order.status, to: rule.to, at }],
  };
}

export function newOrder(id: string, totalCents: number): Order {
  return { id, totalCents, status: "created", history: [] };
}
