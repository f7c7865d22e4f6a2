export type OrderStatus = "created" | "paid" | "shipped" | "delivered" | "cancelled";
export type OrderEvent = "pay" | "ship" | "deliver" | "cancel";

export interface HistoryEntry {
  from: OrderStatus;
  to: OrderStatus;
  at: number;
}

export interface Order {
  id: string;
  totalCents: number;
  status: OrderStatus;
  history: HistoryEntry[];
}
