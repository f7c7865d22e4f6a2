import { Range, mergeRanges } from "./ranges";

export function freeSlots(bookings: Range[], open: Range): Range[] {
  const free: Range[] = [];
  let cursor = open.start;
  for (const b of mergeRanges(bookings)) {
    if (b.start > cursor) free.push({ start: cursor, end: Math.min(b.start, open.end) });
    cursor = Math.max(cursor, b.end);
  }
  if (cursor < open.end) free.push({ start: cursor, end: open.end });
  return free.filter((r) => r.end > r.start);
}
