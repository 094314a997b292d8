// Photos are re-encoded, never served as uploaded: metadata (EXIF, GPS above all) is dropped,
// the camera's orientation applied, the long side kept to 2,000 px, and WebP copies made at
// a few widths beside a JPEG (or PNG, when the image has transparency) fallback.
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { FileRefused, type FileType } from './detect';

export const MAX_SIDE = 2000;
export const WEBP_WIDTHS = [640, 1280];

export interface EncodedImage {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  /** JPEG or PNG at full (≤ 2,000 px) size: the file's own content and the <img> fallback. */
  fallback: EncodedImage & { type: Extract<FileType, 'jpeg' | 'png'> };
  /** WebP at each width in WEBP_WIDTHS smaller than the image, and at full size. */
  webp: EncodedImage[];
}

export async function processImage(path: string, maxPixels: number): Promise<ProcessedImage> {
  // limitInputPixels refuses decompression bombs from the header, before decoding pixels.
  const input = { limitInputPixels: maxPixels, failOn: 'error' as const, sequentialRead: true };
  let metadata: Metadata;
  try {
    metadata = await sharp(path, input).metadata();
  } catch {
    throw new FileRefused('그림 파일을 읽을 수 없습니다. 손상되지 않은 파일인지 확인해 주세요.');
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > maxPixels) {
    throw new FileRefused(`그림의 화소 수(${metadata.width}×${metadata.height})가 너무 많습니다. 긴 변을 ${MAX_SIDE}px 안팎으로 줄여서 올려 주세요.`);
  }
  let raw: { data: Buffer; info: OutputInfo };
  try {
    // Decode once (orientation applied, resized), then encode every copy from these pixels.
    raw = await sharp(path, input)
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new FileRefused('그림 파일을 읽을 수 없습니다. 손상되지 않은 파일인지 확인해 주세요.');
  }
  const { width, height, channels } = raw.info;
  const pixels = () => sharp(raw.data, { raw: { width, height, channels } });
  const transparent = channels === 4;
  const fallbackData = transparent
    ? await pixels().png({ compressionLevel: 8 }).toBuffer()
    : await pixels().jpeg({ quality: 82, progressive: true }).toBuffer();
  const webp: EncodedImage[] = [];
  for (const target of [...WEBP_WIDTHS.filter((w) => w < width), width]) {
    const h = Math.max(1, Math.round((height * target) / width));
    const data = await pixels()
      .resize({ width: target, height: h })
      .webp({ quality: 80 })
      .toBuffer();
    webp.push({ data, mime: 'image/webp', width: target, height: h });
  }
  return {
    fallback: { data: fallbackData, mime: transparent ? 'image/png' : 'image/jpeg', width, height, type: transparent ? 'png' : 'jpeg' },
    webp,
  };
}
