// Writing a table as .xlsx (exceljs) or as CSV with a UTF-8 BOM (so Excel opens Korean text
// correctly), with Korean headers that the reader (read.ts) accepts back.
import ExcelJS from 'exceljs';
import type { SheetColumn } from './read';

export type SheetValue = string | number | null;

/** An .xlsx workbook of one sheet: bold header row, frozen, columns sized to their headers. */
export async function writeXlsx<K extends string>(sheetName: string, columns: readonly SheetColumn<K>[], rows: Record<K, SheetValue>[]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, c.header.length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null])));
  return new Uint8Array(await workbook.xlsx.writeBuffer() as ArrayBuffer);
}

/** CSV (RFC 4180, CRLF) starting with a BOM; fields with commas, quotes or line breaks are quoted. */
export function writeCsv<K extends string>(columns: readonly SheetColumn<K>[], rows: Record<K, SheetValue>[]): string {
  const field = (value: SheetValue) => {
    const text = value === null ? '' : String(value);
    // A leading =, +, - or @ would run as a formula in Excel (CSV injection): quote it as text.
    const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map((c) => field(c.header)), ...rows.map((r) => columns.map((c) => field(r[c.key] ?? null)))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** Content-Disposition for a download with a Korean file name (RFC 6266 / 5987). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const SHEET_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;
