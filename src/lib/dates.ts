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
