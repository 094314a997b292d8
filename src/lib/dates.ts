// Dates and times as Korean readers expect them, always in Asia/Seoul.
const dateFormat = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', year: 'numeric', month: 'long', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** 2026년 12월 1일 */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** 2026년 12월 1일 14:05 */
export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

const isoDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2026-12-01 (the date in Seoul), for files and data exports. */
export function formatIsoDate(date: Date): string {
  return isoDateFormat.format(date);
}

const seoulPartsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** `2026-12-01T09:00`: the time in Seoul, as a datetime-local form field shows it. */
export function seoulLocalInput(date: Date): string {
  const p = Object.fromEntries(seoulPartsFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant a datetime-local value (`2026-12-01T09:00`) names in Seoul, whatever the
 * server's own time zone; undefined if it is not such a value. Seoul has kept UTC+9 with no
 * daylight saving since 1988.
 */
export function seoulLocalToDate(value: string): Date | undefined {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h - 9, mi));
  // Rejects 2026-02-30 and 25:00, which Date.UTC would roll over.
  return seoulLocalInput(date) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` ? date : undefined;
}

/** Whole days from today in Seoul to `day` (YYYY-MM-DD): 0 today, 1 tomorrow, −1 yesterday. */
export function daysUntil(day: string, now: Date): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = formatIsoDate(now).split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(ty, tm - 1, td)) / 86_400_000);
}

/** The label of an application deadline: 마감 D-3, 오늘 마감, or 마감 once it has passed. */
export function deadlineLabel(day: string, now: Date): { label: string; open: boolean } {
  const days = daysUntil(day, now);
  if (days < 0) return { label: '마감', open: false };
  return { label: days === 0 ? '오늘 마감' : `마감 D-${days}`, open: true };
}
