// Reading a spreadsheet a person uploaded — .xlsx (exceljs) or .csv (UTF-8 with or without
// BOM, or Excel's Korean CP949) — into rows keyed by the sheet's Korean headers, each row
// checked with a zod schema. Every bad row is reported with its row number (as the
// spreadsheet program shows it) and a Korean reason; nothing here knows what the rows mean,
// so any import (programme figures, later the patent catalogue) can use it.
import ExcelJS from 'exceljs';
import type { z } from 'astro/zod';

/** A file that cannot be read as a sheet at all; the message is Korean, for the person. */
export class SheetError extends Error {
  override name = 'SheetError';
}

export interface SheetColumn<K extends string = string> {
  key: K;
  /** The header as the sheet writes it (Korean). */
  header: string;
  /** Other spellings accepted on import. */
  aliases?: readonly string[];
  /** Optional columns may be missing from the sheet (their value is then ''). */
  optional?: boolean;
}

export interface SheetLimits {
  maxBytes: number;
  maxRows: number;
  /** .xlsx is a zip: what its parts may unpack to at most. */
  maxUnpackedBytes: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxBytes: 512 * 1024, maxRows: 5000, maxUnpackedBytes: 20 * 1024 * 1024 };

/** Cells of one row of the sheet, as text, with the row number people see. */
export interface RawRow {
  rowNumber: number;
  cells: string[];
}

export interface RowProblem {
  rowNumber: number;
  message: string;
}

export interface ParsedSheet<T> {
  /** Rows that passed the schema, in sheet order. */
  rows: { rowNumber: number; data: T }[];
  /** Every bad row with its Korean reason(s). */
  problems: RowProblem[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export type SheetFormat = 'xlsx' | 'csv';

/** The format by content: a zip is .xlsx, anything else is read as CSV text. */
export function sheetFormat(bytes: Uint8Array): SheetFormat {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'xlsx' : 'csv';
}

/** Reads the first worksheet (xlsx) or the CSV text into rows of text cells; empty rows are skipped. */
export async function readRawRows(bytes: Uint8Array, limits: SheetLimits = DEFAULT_SHEET_LIMITS): Promise<RawRow[]> {
  if (bytes.byteLength === 0) throw new SheetError('빈 파일입니다. 내용이 있는 .xlsx 또는 .csv 파일을 올려 주세요.');
  if (bytes.byteLength > limits.maxBytes) {
    throw new SheetError(`파일이 너무 큽니다. ${Math.floor(limits.maxBytes / 1024)}KB 이하의 .xlsx 또는 .csv 파일을 올려 주세요.`);
  }
  const rows = sheetFormat(bytes) === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(decodeText(bytes));
  const filled = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length > limits.maxRows + 1) throw new SheetError(`행이 너무 많습니다. 한 번에 ${limits.maxRows}행까지 올릴 수 있습니다.`);
  return filled;
}

/** UTF-8 (with or without BOM); text that is not valid UTF-8 is read as CP949 (Excel's Korean CSV). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new SheetError('.xlsx 또는 .csv 파일이 아닙니다. 엑셀에서 .xlsx나 CSV(쉼표로 분리)로 저장해 올려 주세요.');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('euc-kr', { fatal: true }).decode(bytes);
    } catch {
      throw new SheetError('글자 인코딩을 읽을 수 없습니다. CSV는 UTF-8로 저장해 올려 주세요.');
    }
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a tab-separated file works too. */
export function readCsv(text: string): RawRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows: RawRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      rows.push({ rowNumber: rowStart, cells });
      cells = [];
      field = '';
      line++;
      rowStart = line;
    } else field += ch;
  }
  if (quoted) throw new SheetError(`${rowStart}행: 닫히지 않은 따옴표(")가 있습니다.`);
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    rows.push({ rowNumber: rowStart, cells });
  }
  return rows;
}

async function readXlsx(bytes: Uint8Array, limits: SheetLimits): Promise<RawRow[]> {
  checkZip(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new SheetError('.xlsx 파일을 읽을 수 없습니다. 파일이 손상되었거나 암호가 걸려 있으면 엑셀에서 다시 저장해 올려 주세요.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetError('.xlsx 파일에 시트가 없습니다.');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ rowNumber, cells });
  });
  return rows;
}

/** A cell's value as the person sees it: formulas by their result, rich text as plain text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/**
 * Refuses zips whose central directory says they unpack to more than the limit (or to 100
 * times their size), or ZIP64 — before anything is unpacked into memory.
 */
function checkZip(bytes: Uint8Array, limits: SheetLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  const broken = () => new SheetError('.xlsx 파일을 읽을 수 없습니다. 엑셀에서 다시 저장해 올려 주세요.');
  if (end < 0) throw broken();
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== 0x02014b50) throw broken();
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) throw broken();
    unpacked += size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  if (unpacked > limits.maxUnpackedBytes || unpacked > bytes.byteLength * 100) {
    throw new SheetError('압축을 풀면 너무 커지는 파일이라 받을 수 없습니다. 필요한 표만 담아 다시 저장해 올려 주세요.');
  }
}

/** Headers compare without spaces, case and the several middle dots people type (시·군 = 시ㆍ군 = 시군). */
export function normalizeHeader(header: string): string {
  return header.normalize('NFC').replace(/[\s·ㆍ・‧•.\u00b7\u318d_-]/g, '').toLowerCase();
}

/**
 * Finds the header row (the first row) and maps every following row to the columns' keys.
 * Missing required columns stop the import with one Korean message naming them.
 */
export function keyRows<K extends string>(raw: RawRow[], columns: readonly SheetColumn<K>[]): { rowNumber: number; values: Record<K, string> }[] {
  const [head, ...body] = raw;
  if (!head) throw new SheetError(`내용이 없습니다. 첫 행에 머리글(${columns.map((c) => c.header).join(', ')})을 넣어 주세요.`);
  const positions = new Map<K, number>();
  const headers = head.cells.map(normalizeHeader);
  for (const column of columns) {
    const names = [column.header, ...(column.aliases ?? [])].map(normalizeHeader);
    const index = headers.findIndex((h) => names.includes(h));
    if (index >= 0) positions.set(column.key, index);
  }
  const missing = columns.filter((c) => !c.optional && !positions.has(c.key));
  if (missing.length > 0) {
    throw new SheetError(
      `${head.rowNumber}행(머리글)에 ${missing.map((c) => `‘${c.header}’`).join(', ')} 열이 없습니다. 첫 행에 ${columns.filter((c) => !c.optional).map((c) => c.header).join(', ')} 머리글을 넣어 주세요.`,
    );
  }
  return body.map((row) => ({
    rowNumber: row.rowNumber,
    values: Object.fromEntries(columns.map((c) => [c.key, (positions.has(c.key) ? (row.cells[positions.get(c.key)!] ?? '') : '').trim()])) as Record<K, string>,
  }));
}

/** Checks each keyed row with the schema; a bad row's reasons are the schema's (Korean) messages, one per field. */
export function validateRows<K extends string, S extends z.ZodType>(
  rows: { rowNumber: number; values: Record<K, string> }[],
  schema: S,
  columns: readonly SheetColumn<K>[],
): ParsedSheet<z.output<S>> {
  const result: ParsedSheet<z.output<S>> = { rows: [], problems: [] };
  for (const row of rows) {
    const parsed = schema.safeParse(row.values);
    if (parsed.success) result.rows.push({ rowNumber: row.rowNumber, data: parsed.data });
    else {
      const reasons = parsed.error.issues.map((issue) => {
        const column = columns.find((c) => c.key === issue.path[0]);
        return column ? `${column.header}: ${issue.message}` : issue.message;
      });
      result.problems.push({ rowNumber: row.rowNumber, message: [...new Set(reasons)].join(' ') });
    }
  }
  return result;
}

/** The whole way from bytes to checked rows. Throws SheetError when the file is not a usable sheet. */
export async function parseSheet<K extends string, S extends z.ZodType>(
  bytes: Uint8Array,
  columns: readonly SheetColumn<K>[],
  schema: S,
  limits: SheetLimits = DEFAULT_SHEET_LIMITS,
): Promise<ParsedSheet<z.output<S>>> {
  return validateRows(keyRows(await readRawRows(bytes, limits), columns), schema, columns);
}
