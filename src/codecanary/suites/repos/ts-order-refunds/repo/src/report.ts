import { Order } from "./types";

export interface Summary {
  total: number;
  delivered: number;
  cancelled: number;
  revenueCents: number;
}

export function summarize(orders: Order[]): Summary {
  const s: Summary = { total: orders.length, delivered: 0, cancelled: 0, revenueCents: 0 };
  for (const o of orders) {
    if (o.status === "delivered") s.delivered++;
    if (o.status === "cancelled") s.cancelled++;
    else if (o.status !== "created") s.revenueCents += o.totalCents;
  }
  return s;
}
