// What a file is, decided from its content (magic bytes and structure), never from its name
// or what the browser claims. A small allowlist, so a few checks of our own do the job
// better than a general sniffer: HWP (an OLE compound file) and HWPX/DOCX/XLSX/PPTX (zips)
// need their inner structure checked anyway, and text (CSV/TXT) has no magic bytes at all.
// The name's extension must then agree with the content.
import { open, type FileHandle } from 'node:fs/promises';
import type { FileKind } from '../db/schema';
import type { FileSettings } from './limits';
import { formatBytes } from './limits';

export const FILE_TYPES = {
  jpeg: { kind: 'image', mime: 'image/jpeg', label: 'JPEG 이미지', extensions: ['jpg', 'jpeg'] },
  png: { kind: 'image', mime: 'image/png', label: 'PNG 이미지', extensions: ['png'] },
  webp: { kind: 'image', mime: 'image/webp', label: 'WebP 이미지', extensions: ['webp'] },
  gif: { kind: 'image', mime: 'image/gif', label: 'GIF 이미지', extensions: ['gif'] },
  pdf: { kind: 'document', mime: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  hwp: { kind: 'document', mime: 'application/x-hwp', label: '한글(HWP)', extensions: ['hwp'] },
  hwpx: { kind: 'document', mime: 'application/hwp+zip', label: '한글(HWPX)', extensions: ['hwpx'] },
  docx: { kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: '워드(DOCX)', extensions: ['docx'] },
  xlsx: { kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: '엑셀(XLSX)', extensions: ['xlsx'] },
  pptx: { kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: '파워포인트(PPTX)', extensions: ['pptx'] },
  zip: { kind: 'document', mime: 'application/zip', label: 'ZIP 압축', extensions: ['zip'] },
  csv: { kind: 'document', mime: 'text/csv; charset=utf-8', label: 'CSV', extensions: ['csv'] },
  txt: { kind: 'document', mime: 'text/plain; charset=utf-8', label: '텍스트', extensions: ['txt'] },
} as const satisfies Record<string, { kind: FileKind; mime: string; label: string; extensions: readonly string[] }>;

export type FileType = keyof typeof FILE_TYPES;

export const ALLOWED_SUMMARY = 'JPEG, PNG, WebP, GIF 이미지와 PDF, HWP, HWPX, DOCX, XLSX, PPTX, ZIP, CSV, TXT 문서';
/** For the file input's `accept` (a hint to the browser; the server decides by content). */
export const ACCEPT_ATTRIBUTE = Object.values(FILE_TYPES).flatMap((t) => t.extensions.map((e) => `.${e}`)).join(',');

/** A file we will not take, with the Korean message to show next to the field. */
export class FileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefused';
  }
}

export interface Detected {
  type: FileType;
  kind: FileKind;
  mime: string;
}

const HEAD_BYTES = 4096;
const OLE_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const HWP_SIGNATURE = Buffer.from('HWP Document File', 'latin1');
const FILE_HEADER_NAME = Buffer.from('FileHeader\0', 'utf16le');
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const starts = (head: Buffer, bytes: number[] | string | Buffer, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  return head.length >= at + b.length && head.subarray(at, at + b.length).equals(b);
};

/** Decides the type of the file at `path` (already fully received) or throws FileRefused. */
export async function detectFile(path: string, name: string, settings: Pick<FileSettings, 'zipMaxUnpackedBytes' | 'zipMaxRatio' | 'zipMaxEntries'>): Promise<Detected> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) throw new FileRefused('빈 파일입니다. 내용이 있는 파일을 골라 주세요.');
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await file.read(head, 0, head.length, 0);
    const extension = extensionOf(name);
    let type = await typeOf(file, head, size, settings);
    // CSV and TXT are both text; the extension tells which one.
    if (type === 'txt' && extension === 'csv') type = 'csv';
    const info = FILE_TYPES[type];
    if (!(info.extensions as readonly string[]).includes(extension)) {
      throw new FileRefused(
        `파일 내용(${info.label})과 이름의 확장자(${extension ? `.${extension}` : '없음'})가 맞지 않습니다. 원래 형식의 확장자로 저장해서 올려 주세요.`,
      );
    }
    return { type, kind: info.kind, mime: info.mime };
  } finally {
    await file.close();
  }
}

async function typeOf(file: FileHandle, head: Buffer, size: number, settings: Parameters<typeof detectFile>[2]): Promise<FileType> {
  // Executables first, whatever they are named.
  if (starts(head, [0x7f, 0x45, 0x4c, 0x46]) || starts(head, 'MZ') || starts(head, '#!') ||
      [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => starts(head, m))) {
    throw new FileRefused('실행 파일은 올릴 수 없습니다.');
  }
  if (starts(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(head, 'GIF87a') || starts(head, 'GIF89a')) return 'gif';
  if (starts(head, 'RIFF') && starts(head, 'WEBP', 8)) return 'webp';
  if (starts(head, 'ftyp', 4)) {
    const brand = head.subarray(8, 12).toString('latin1');
    if (HEIF_BRANDS.has(brand)) {
      throw new FileRefused('아이폰 등의 HEIC 사진은 바로 올릴 수 없습니다. 사진을 JPEG로 저장(또는 내보내기)해서 올려 주세요.');
    }
    throw new FileRefused(`올릴 수 없는 형식입니다. 올릴 수 있는 파일: ${ALLOWED_SUMMARY}.`);
  }
  // PDF readers accept the header anywhere in the first 1 KB.
  if (head.subarray(0, 1024).includes(Buffer.from('%PDF-', 'latin1'))) return 'pdf';
  if (starts(head, OLE_SIGNATURE)) {
    if (await isHwp(file, size)) return 'hwp';
    throw new FileRefused('예전 오피스 형식(DOC, XLS, PPT 등)은 올릴 수 없습니다. HWP, DOCX, XLSX, PPTX 또는 PDF로 저장해서 올려 주세요.');
  }
  if (starts(head, 'PK\x03\x04') || starts(head, 'PK\x05\x06')) return zipType(file, head, size, settings);
  return textType(head);
}

/**
 * HWP 5 is an OLE compound file with a `FileHeader` stream that starts with "HWP Document
 * File". Directory entries sit on 128-byte boundaries and small streams (FileHeader is
 * 256 bytes) in 64-byte mini sectors, so both are looked for only at those boundaries.
 */
async function isHwp(file: FileHandle, size: number): Promise<boolean> {
  let hasDirectoryEntry = false;
  let hasSignature = false;
  const block = Buffer.alloc(64 * 1024);
  for (let offset = 0; offset < size && !(hasDirectoryEntry && hasSignature); offset += block.length) {
    const { bytesRead } = await file.read(block, 0, block.length, offset);
    for (let at = 0; at < bytesRead; at += 64) {
      if (!hasSignature && block.subarray(at, at + HWP_SIGNATURE.length).equals(HWP_SIGNATURE)) hasSignature = true;
      if (!hasDirectoryEntry && (offset + at) % 128 === 0 && block.subarray(at, at + FILE_HEADER_NAME.length).equals(FILE_HEADER_NAME)) hasDirectoryEntry = true;
    }
  }
  return hasDirectoryEntry && hasSignature;
}

interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Reads the central directory: entry names and the sizes they claim (zip-bomb check). */
async function zipEntries(file: FileHandle, size: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, 65_557);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  const eocd = tail.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  if (eocd < 0 || eocd + 22 > tail.length) throw new FileRefused('압축 파일이 손상되었습니다. 다시 압축해서 올려 주세요.');
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new FileRefused('4GB가 넘는 압축 형식(ZIP64)은 올릴 수 없습니다.');
  }
  if (directoryOffset + directorySize > size) throw new FileRefused('압축 파일이 손상되었습니다. 다시 압축해서 올려 주세요.');
  if (directorySize > 16 * 1024 * 1024) throw new FileRefused('압축 파일 안의 항목이 너무 많습니다.');
  const directory = Buffer.alloc(directorySize);
  await file.read(directory, 0, directorySize, directoryOffset);
  const entries: ZipEntry[] = [];
  for (let at = 0; at + 46 <= directory.length && entries.length < count; ) {
    if (directory.readUInt32LE(at) !== 0x02014b50) throw new FileRefused('압축 파일이 손상되었습니다. 다시 압축해서 올려 주세요.');
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const compressedSize = directory.readUInt32LE(at + 20);
    const uncompressedSize = directory.readUInt32LE(at + 24);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw new FileRefused('4GB가 넘는 압축 형식(ZIP64)은 올릴 수 없습니다.');
    entries.push({ name: directory.subarray(at + 46, at + 46 + nameLength).toString('utf8'), compressedSize, uncompressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function zipType(file: FileHandle, head: Buffer, size: number, settings: Parameters<typeof detectFile>[2]): Promise<FileType> {
  const entries = await zipEntries(file, size);
  if (entries.length > settings.zipMaxEntries) throw new FileRefused('압축 파일 안의 항목이 너무 많습니다.');
  const unpacked = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (unpacked > settings.zipMaxUnpackedBytes || unpacked > Math.max(size, 1024 * 1024) * settings.zipMaxRatio) {
    throw new FileRefused(`압축을 풀면 ${formatBytes(unpacked)}가 되는 파일이라 받을 수 없습니다 (압축 폭탄 방지). 내용을 나누어 올려 주세요.`);
  }
  const names = new Set(entries.map((e) => e.name));
  // HWPX (like ODF/EPUB): the first entry is an uncompressed `mimetype` naming the format.
  if (head.length >= 30 && head.readUInt32LE(0) === 0x04034b50) {
    const nameLength = head.readUInt16LE(26);
    const extraLength = head.readUInt16LE(28);
    const name = head.subarray(30, 30 + nameLength).toString('latin1');
    const method = head.readUInt16LE(8);
    if (name === 'mimetype' && method === 0) {
      const start = 30 + nameLength + extraLength;
      const content = head.subarray(start, start + head.readUInt32LE(18)).toString('latin1');
      if (content === 'application/hwp+zip') return 'hwpx';
    }
  }
  if (names.has('[Content_Types].xml')) {
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
    if (names.has('ppt/presentation.xml')) return 'pptx';
  }
  return 'zip';
}

const MARKUP = /<(?:!doctype|html|head|body|script|iframe|object|embed|svg|\?xml|meta|link|style)[\s>/]/i;

function textType(head: Buffer): FileType {
  // Text has no magic bytes: no NUL and no control characters other than tab, CR, LF, FF.
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) {
      throw new FileRefused(`올릴 수 없는 형식입니다. 올릴 수 있는 파일: ${ALLOWED_SUMMARY}.`);
    }
  }
  const text = head.toString('utf8');
  if (MARKUP.test(text)) {
    throw new FileRefused(/<svg[\s>]/i.test(text) ? 'SVG 그림은 올릴 수 없습니다. PNG나 JPEG로 저장해서 올려 주세요.' : 'HTML 등 웹 문서는 올릴 수 없습니다. PDF로 저장해서 올려 주세요.');
  }
  return 'txt';
}

