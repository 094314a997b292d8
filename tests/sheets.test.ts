// Reading and writing sheets (src/lib/sheets) with real .xlsx files written by exceljs, CSV in
// UTF-8 with and without BOM and in CP949; and the programme-figure rows on top of it.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { z } from 'astro/zod';
import { DEFAULT_SHEET_LIMITS, SheetError, decodeText, parseSheet, readCsv, readRawRows, type SheetColumn } from '../src/lib/sheets/read';
import { writeCsv, writeXlsx } from '../src/lib/sheets/write';
import { FIGURE_COLUMNS, decodeChange, encodeChange, exportRows, figureRowSchema, findSigun } from '../src/lib/figures/sheet';

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('실적');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
const utf8 = (text: string) => new TextEncoder().encode(text);

// A generic sheet: the module knows nothing of programme figures.
const columns = [
  { key: 'name', header: '이름' },
  { key: 'count', header: '수량' },
] as const satisfies readonly SheetColumn[];
const schema = z.object({ name: z.string().min(1, { error: '이름을 적어 주세요.' }), count: z.string().regex(/^\d+$/, { error: '숫자로 적어 주세요.' }).transform(Number) });

describe('sheets: reading', () => {
  it('reads an .xlsx by its Korean headers and reports a bad row with its row number', async () => {
    const bytes = await xlsx([['이름', '수량'], ['가', 3], ['나', '많음'], [], ['다', { formula: '1+1', result: 2 }]]);
    const parsed = await parseSheet(bytes, columns, schema);
    expect(parsed.rows).toEqual([
      { rowNumber: 2, data: { name: '가', count: 3 } },
      { rowNumber: 5, data: { name: '다', count: 2 } },
    ]);
    expect(parsed.problems).toEqual([{ rowNumber: 3, message: '수량: 숫자로 적어 주세요.' }]);
  });

  it('reads CSV in UTF-8 with and without BOM, quoted fields, CRLF, and Excel’s Korean CP949', async () => {
    const text = '이름,수량\r\n"가, 주식회사",3\r\n"따옴표 ""안""",4\r\n';
    for (const bytes of [utf8(text), utf8(`\uFEFF${text}`)]) {
      expect((await parseSheet(bytes, columns, schema)).rows.map((r) => r.data)).toEqual([
        { name: '가, 주식회사', count: 3 },
        { name: '따옴표 "안"', count: 4 },
      ]);
    }
    // "이름,수량\n가,1" in CP949 (what Excel writes for 'CSV (쉼표로 분리)' on Korean Windows).
    const cp949 = new Uint8Array([0xc0, 0xcc, 0xb8, 0xa7, 0x2c, 0xbc, 0xf6, 0xb7, 0xae, 0x0a, 0xb0, 0xa1, 0x2c, 0x31, 0x0a]);
    expect(decodeText(cp949)).toBe('이름,수량\n가,1\n');
    expect((await parseSheet(cp949, columns, schema)).rows).toEqual([{ rowNumber: 2, data: { name: '가', count: 1 } }]);
    expect(readCsv('a,"b\nc"\nd,e')).toEqual([
      { rowNumber: 1, cells: ['a', 'b\nc'] },
      { rowNumber: 3, cells: ['d', 'e'] },
    ]);
  });

  it('names a missing header, and refuses files that are not sheets or too big', async () => {
    await expect(parseSheet(utf8('이름,개수\n가,1\n'), columns, schema)).rejects.toThrow(/‘수량’ 열이 없습니다/);
    await expect(readRawRows(new Uint8Array(0))).rejects.toThrow(SheetError);
    await expect(readRawRows(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]))).rejects.toThrow(/\.xlsx 또는 \.csv 파일이 아닙니다/);
    await expect(readRawRows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow(/\.xlsx 파일을 읽을 수 없습니다/);
    await expect(readRawRows(new Uint8Array(DEFAULT_SHEET_LIMITS.maxBytes + 1).fill(0x41))).rejects.toThrow(/파일이 너무 큽니다/);
  });
});

describe('sheets: writing', () => {
  it('writes .xlsx and CSV with BOM that read back to the same rows', async () => {
    const rows = [{ name: '전주시, 완주군', count: 3 }, { name: '=HYPERLINK("x")', count: 0 }];
    const back = async (bytes: Uint8Array) => (await parseSheet(bytes, columns, z.object({ name: z.string(), count: z.string() }))).rows.map((r) => r.data);
    const csv = writeCsv(columns, rows);
    expect(csv.startsWith('\uFEFF이름,수량\r\n')).toBe(true);
    // A formula-like text is written as text, never as a formula.
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(await back(await writeXlsx('표', columns, rows))).toEqual([
      { name: '전주시, 완주군', count: '3' },
      { name: '=HYPERLINK("x")', count: '0' },
    ]);
    expect((await back(utf8(csv)))[0]).toEqual({ name: '전주시, 완주군', count: '3' });
  });
});

describe('programme figures as a sheet', () => {
  it('finds a 시·군 by name, short name, code or the code before 2024', () => {
    expect(['전주시', '전주', '52110', '45110', ' 전주시 '].map(findSigun)).toEqual(Array(5).fill('52110'));
    expect(findSigun('서울시')).toBeUndefined();
  });

  it('checks each row with Korean reasons per column', async () => {
    const bytes = await xlsx([['연도', '시ㆍ군', '도입 기업 수'], [2025, '군산시', 9], ['25', '서울시', -1], [2026, '52800', '1,2']]);
    const parsed = await parseSheet(bytes, FIGURE_COLUMNS, figureRowSchema);
    expect(parsed.rows.map((r) => r.data)).toEqual([
      { year: 2025, sigun: '52130', adopted: 9 },
      { year: 2026, sigun: '52800', adopted: 12 },
    ]);
    expect(parsed.problems).toEqual([
      { rowNumber: 3, message: '연도: 네 자리 연도로 적어 주세요. (예: 2025) 시·군: 전북 14개 시·군의 이름이나 코드가 아닙니다: 서울시 도입 기업 수: 0 이상의 정수로 적어 주세요.' },
    ]);
  });

  it('exports rows the import reads back unchanged, and carries changes to the confirm step', async () => {
    const adoptions = [
      { year: 2023, sigun: '52800' as const, adopted: 2 },
      { year: 2023, sigun: '52110' as const, adopted: 7 },
    ];
    const rows = exportRows({ adoptions });
    expect(rows[0]).toEqual({ year: 2023, sigun: '전주시', sigunCode: '52110', adopted: 7 });
    const parsed = await parseSheet(await writeXlsx('표', FIGURE_COLUMNS, rows), FIGURE_COLUMNS, figureRowSchema);
    expect(parsed.rows.map((r) => r.data)).toEqual([
      { year: 2023, sigun: '52110', adopted: 7 },
      { year: 2023, sigun: '52800', adopted: 2 },
    ]);
    const change = { year: 2024, sigun: '52110' as const, previous: null, adopted: 5 };
    expect(decodeChange(encodeChange(change))).toEqual(change);
    expect(decodeChange('2024:99999::5')).toBeUndefined();
  });
});
