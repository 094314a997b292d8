// Case files (content/cases/<slug>.md): Markdown with a YAML front matter that caseSchema
// validates. Reading names the file and the field of every error; writing produces the same
// layout the hand-written files use, so an exported file imports again unchanged.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { caseSchema, type CaseData } from './schema';
import { formatIsoDate } from '../dates';

/** A case as a file holds it: the slug (file name), the validated data and the Markdown body. */
export interface CaseFile {
  slug: string;
  data: CaseData;
  body: string;
}

export interface CaseFileError {
  file: string;
  /** Korean, naming the field (e.g. `sigun: …`). */
  message: string;
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses and validates one file's text; `file` is only used in messages. */
export function parseCaseFile(file: string, text: string): { ok: true; value: CaseFile } | { ok: false; errors: CaseFileError[] } {
  const slug = path.basename(file).replace(/\.md$/, '');
  if (!SLUG_PATTERN.test(slug)) {
    return { ok: false, errors: [{ file, message: `파일 이름은 영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다: ${slug}` }] };
  }
  const match = FRONT_MATTER.exec(text);
  if (!match) return { ok: false, errors: [{ file, message: '앞머리(---로 둘러싼 YAML)가 없습니다.' }] };
  let raw: unknown;
  try {
    raw = yaml.load(match[1]!);
  } catch (error) {
    return { ok: false, errors: [{ file, message: `앞머리 YAML을 읽지 못했습니다: ${(error as Error).message}` }] };
  }
  const parsed = caseSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        file,
        message: `${issue.path.join('.') || '(앞머리)'}: ${issue.message}`,
      })),
    };
  }
  return { ok: true, value: { slug, data: parsed.data, body: normaliseBody(match[2]!) } };
}

/** The body as stored: no blank lines before, one newline after. */
export function normaliseBody(body: string): string {
  const trimmed = body.replace(/\r\n/g, '\n').replace(/^\n+/, '').trimEnd();
  return trimmed ? `${trimmed}\n` : '';
}

/** Every `*.md` of a folder, validated; a file with any error is left out and reported. */
export function readCaseDir(dir: string): { files: CaseFile[]; errors: CaseFileError[] } {
  const files: CaseFile[] = [];
  const errors: CaseFileError[] = [];
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort() : [];
  for (const name of names) {
    const result = parseCaseFile(name, fs.readFileSync(path.join(dir, name), 'utf8'));
    if (result.ok) files.push(result.value);
    else errors.push(...result.errors);
  }
  return { files, errors };
}

const q = (s: string) => JSON.stringify(s);

/** The file text of a case, in the layout of content/cases. */
export function formatCaseFile(data: CaseData, body: string): string {
  const lines = [
    `title: ${q(data.title)}`,
    `summary: ${q(data.summary)}`,
    `company: ${q(data.company)}`,
    `sigun: ${q(data.sigun)}`,
    `industry: ${q(data.industry)}`,
    `level: ${q(data.level)}`,
    `year: ${data.year}`,
    ...(data.employees !== undefined ? [`employees: ${data.employees}`] : []),
    `systems: [${data.systems.map(q).join(', ')}]`,
    'mentor:',
    `  name: ${q(data.mentor.name)}`,
    `  career: ${q(data.mentor.career)}`,
    `  role: ${q(data.mentor.role)}`,
    ...(data.patents.length ? ['patents:', ...data.patents.map((p) => `  - ${q(p)}`)] : ['patents: []']),
    'kpis:',
    ...data.kpis.map(
      (k) => `  - { name: ${q(k.name)}, unit: ${q(k.unit)}, before: ${k.before}, after: ${k.after}, direction: ${q(k.direction)} }`,
    ),
    `license: ${q(data.license)}`,
    `source: ${q(data.source)}`,
    `publishedAt: ${formatIsoDate(data.publishedAt)}`,
    `sample: ${data.sample}`,
    ...(data.cover ? ['cover:', `  src: ${q(data.cover.src)}`, `  alt: ${q(data.cover.alt)}`] : []),
  ];
  const text = normaliseBody(body);
  return `---\n${lines.join('\n')}\n---\n${text ? `\n${text}` : ''}`;
}

/** What an import compares: the validated content, independent of the file's layout. */
export function contentHash(data: CaseData, body: string): string {
  const canonical = JSON.stringify(canonicalData(data)) + '\n' + normaliseBody(body);
  return createHash('sha256').update(canonical).digest('hex');
}

/** caseSchema's data as plain JSON (the date as YYYY-MM-DD), keys in schema order. */
export function canonicalData(data: CaseData): Record<string, unknown> {
  return {
    title: data.title,
    summary: data.summary,
    company: data.company,
    sigun: data.sigun,
    industry: data.industry,
    level: data.level,
    year: data.year,
    employees: data.employees ?? null,
    systems: data.systems,
    mentor: { name: data.mentor.name, career: data.mentor.career, role: data.mentor.role },
    patents: data.patents,
    kpis: data.kpis.map((k) => ({ name: k.name, unit: k.unit, before: k.before, after: k.after, direction: k.direction })),
    license: data.license,
    source: data.source,
    publishedAt: formatIsoDate(data.publishedAt),
    sample: data.sample,
    cover: data.cover ? { src: data.cover.src, alt: data.cover.alt } : null,
  };
}
