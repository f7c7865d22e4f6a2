export type Row = Record<string, string | number>;

function columns(rows: Row[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function exportReport(rows: Row[], format: string): string {
  const cols = columns(rows);
  switch (format) {
    case "csv":
      return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
    case "json":
      return JSON.stringify(rows, null, 2) + "\n";
    case "markdown": {
      const head = `| ${cols.join(" | ")} |`;
      const sep = `| ${cols.map(() => "---").join(" | ")} |`;
      const body = rows.map((r) => `| ${cols.map((c) => String(r[c] ?? "").replace(/\|/g, "\\|")).join(" | ")} |`);
      return [head, sep, ...body].join("\n") + "\n";
    }
    default:
      throw new Error(`unknown format: ${format}`);
  }
}
