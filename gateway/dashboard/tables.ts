/**
 * The exports' tables, and how they are written: CSV (UTF-8 with a byte-order mark, so Excel
 * reads the Chinese; CRLF; RFC 4180 quoting) and an Excel workbook (exceljs, loaded on the first
 * workbook asked for). A text cell that a spreadsheet would run as a formula is written as text.
 */
export type Cell = string | number | null;

export interface Column {
  title: string;
  /** how a workbook shows the column's numbers: a whole number, a fraction as a percentage */
  format?: "int" | "rate";
  width?: number;
}

export interface Sheet {
  name: string;
  columns: Column[];
  rows: Cell[][];
}

const FORMULA = /^[=+\-@\t\r]/;

function csvCell(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = FORMULA.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(sheet: Sheet): Buffer {
  const lines = [
    sheet.columns.map((c) => csvCell(c.title)),
    ...sheet.rows.map((r) => r.map(csvCell)),
  ];
  return Buffer.from("\uFEFF" + lines.map((l) => l.join(",")).join("\r\n") + "\r\n", "utf8");
}

export async function toXlsx(sheets: Sheet[], title: string): Promise<Buffer> {
  const { Workbook } = await import("exceljs");
  const workbook = new Workbook();
  workbook.creator = "信访工作联邦图";
  workbook.title = title;
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.title, width: c.width ?? 12 }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows)
      ws.addRow(
        row.map((cell) => (typeof cell === "string" && FORMULA.test(cell) ? `'${cell}` : cell)),
      );
    sheet.columns.forEach((c, i) => {
      if (c.format === "rate") ws.getColumn(i + 1).numFmt = "0.0%";
      else if (c.format === "int") ws.getColumn(i + 1).numFmt = "0";
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
