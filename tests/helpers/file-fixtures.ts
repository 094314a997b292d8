// Test files, generated (nothing binary is checked in): images with sharp, zips and an OLE
// compound file (HWP) written byte by byte, and disguised files.
import { crc32, deflateRawSync } from 'node:zlib';
import sharp from 'sharp';

/** A JPEG photo carrying GPS coordinates in its EXIF (and an orientation tag). */
export async function jpegWithGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg({ quality: 80 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 49/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '127/1 8/1 0/1' },
    })
    .toBuffer();
}

export async function png(width = 300, height = 200, alpha = false): Promise<Buffer> {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 200, g: 50, b: 50, alpha: 0.5 } } }).png().toBuffer();
}

export async function webp(): Promise<Buffer> {
  return sharp({ create: { width: 100, height: 100, channels: 3, background: '#3a7' } }).webp().toBuffer();
}

export async function gif(): Promise<Buffer> {
  return sharp({ create: { width: 50, height: 40, channels: 3, background: '#a37' } }).gif().toBuffer();
}

/** A big photo like a phone's (benchmark). */
export async function largeJpeg(width = 4000, height = 3000): Promise<Buffer> {
  // Noise makes it realistic to compress and to decode.
  const noise = sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
  return noise.jpeg({ quality: 85 }).toBuffer();
}

/** A minimal valid PDF; `padTo` adds a comment block to reach a size (benchmark). */
export function pdf(text = 'Hello', padTo = 0): Buffer {
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >> endobj',
    `4 0 obj << /Length ${text.length + 30} >> stream\nBT /F1 12 Tf 20 100 Td (${text}) Tj ET\nendstream endobj`,
  ];
  let body = '%PDF-1.4\n';
  if (padTo > 0) body += `%${'x'.repeat(Math.max(0, padTo - 400))}\n`;
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(Buffer.byteLength(body));
    body += `${o}\n`;
  }
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface ZipInput {
  name: string;
  data: Buffer;
  /** Store without compression (as the HWPX mimetype entry must be). */
  store?: boolean;
  /** Lie about the uncompressed size in the central directory (zip bomb). */
  claimedSize?: number;
}

export function zip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = entry.store ? entry.data : deflateRawSync(entry.data);
    const method = entry.store ? 0 : 8;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.claimedSize ?? entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`);

export function hwpx(): Buffer {
  return zip([
    { name: 'mimetype', data: Buffer.from('application/hwp+zip'), store: true },
    { name: 'version.xml', data: xml('<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version"/>') },
    { name: 'Contents/content.hpf', data: xml('<opf:package/>') },
    { name: 'Contents/section0.xml', data: xml('<hs:sec><hp:p><hp:t>스마트공장 공고</hp:t></hp:p></hs:sec>') },
  ]);
}

function ooxml(main: string): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: '_rels/.rels', data: xml('<Relationships/>') },
    { name: main, data: xml('<root/>') },
  ]);
}
export const docx = () => ooxml('word/document.xml');
export const xlsx = () => ooxml('xl/workbook.xml');
export const pptx = () => ooxml('ppt/presentation.xml');
export const plainZip = () => zip([{ name: '자료/목록.txt', data: Buffer.from('목록\n'.repeat(100)) }]);

/** A zip whose directory says it unpacks to about 4 GB. */
export function zipBomb(): Buffer {
  return zip([{ name: 'bomb.bin', data: Buffer.alloc(1024), claimedSize: 0xfffffff0 }]);
}

/** A PNG header claiming 100,000 × 100,000 pixels (a decompression bomb); no real pixels. */
export function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateRawSync(Buffer.alloc(100))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A minimal HWP 5 file: an OLE compound file (CFB v3, 512-byte sectors) whose root holds a
 * `FileHeader` stream (256 bytes, in the mini stream) starting with "HWP Document File".
 * Sectors: 0 FAT, 1 directory, 2 mini FAT, 3 mini stream.
 */
export function hwp(): Buffer {
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FAT_SECTOR = 0xfffffffd;
  const header = Buffer.alloc(SECTOR, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little endian
  header.writeUInt16LE(9, 30); // sector shift (512)
  header.writeUInt16LE(6, 32); // mini sector shift (64)
  header.writeUInt32LE(1, 44); // number of FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(2, 60); // first mini FAT sector
  header.writeUInt32LE(1, 64); // number of mini FAT sectors
  header.writeUInt32LE(END, 68); // first DIFAT sector
  header.writeUInt32LE(0, 72); // DIFAT sectors
  header.writeUInt32LE(0, 76); // DIFAT[0] = sector 0 holds the FAT
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREE, 76 + i * 4);

  const fat = Buffer.alloc(SECTOR, 0xff);
  fat.writeUInt32LE(FAT_SECTOR, 0);
  fat.writeUInt32LE(END, 4); // directory: one sector
  fat.writeUInt32LE(END, 8); // mini FAT: one sector
  fat.writeUInt32LE(END, 12); // mini stream: one sector

  const entry = (name: string, type: number, start: number, size: number, child = FREE) => {
    const e = Buffer.alloc(128, 0);
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(e, 0);
    e.writeUInt16LE(encoded.length, 64);
    e[66] = type; // 5 root, 2 stream
    e[67] = 1; // black
    e.writeUInt32LE(FREE, 68); // left sibling
    e.writeUInt32LE(FREE, 72); // right sibling
    e.writeUInt32LE(child, 76);
    e.writeUInt32LE(start, 116);
    e.writeUInt32LE(size, 120);
    return e;
  };
  const directory = Buffer.concat([
    entry('Root Entry', 5, 3, 256, 1),
    entry('FileHeader', 2, 0, 256),
    Buffer.alloc(256, 0),
  ]);
  // The two unused directory slots must be empty entries with no siblings.
  for (const at of [256, 384]) {
    directory.writeUInt32LE(FREE, at + 68);
    directory.writeUInt32LE(FREE, at + 72);
    directory.writeUInt32LE(FREE, at + 76);
  }

  const miniFat = Buffer.alloc(SECTOR, 0xff);
  for (let i = 0; i < 3; i++) miniFat.writeUInt32LE(i + 1, i * 4);
  miniFat.writeUInt32LE(END, 12); // FileHeader: 4 mini sectors of 64 bytes

  const fileHeader = Buffer.alloc(256, 0);
  Buffer.from('HWP Document File', 'latin1').copy(fileHeader, 0);
  fileHeader.writeUInt32LE(0x05010100, 32); // version 5.1.1.0
  const miniStream = Buffer.alloc(SECTOR, 0);
  fileHeader.copy(miniStream, 0);
  return Buffer.concat([header, fat, directory, miniFat, miniStream]);
}

/** An old binary Office file (.doc): an OLE file without the HWP header. */
export function oleWithoutHwp(): Buffer {
  const file = hwp();
  const at = file.indexOf(Buffer.from('HWP Document File', 'latin1'));
  Buffer.from('Not a HWP at all!', 'latin1').copy(file, at);
  return file;
}

export const html = () => Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
export const svg = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
export const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
export const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
export const csv = () => Buffer.from('\ufeff시군,기업수\n전주시,12\n군산시,8\n');
export const txt = () => Buffer.from('스마트공장 도입 안내문입니다.\n');

/** A HEIC-like header (ftyp heic). */
export const heic = () => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(100)]);
