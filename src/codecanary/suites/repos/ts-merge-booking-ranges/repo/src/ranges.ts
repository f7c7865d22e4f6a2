export interface Range {
  start: number;
  end: number;
}

export function mergeRanges(ranges: Range[]): Range[] {
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) {
      last.end = r.end;
    } else {
      out.push(r);
    }
  }
  return out;
}
