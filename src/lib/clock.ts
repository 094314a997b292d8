// The server's idea of "now". Only the end-to-end tests move it (through /api/test/clock,
// which answers only with PORTAL_TEST_ROUTES=1), to check links expiring and digests
// going out without waiting; in production the offset stays 0.
const KEY = Symbol.for('jbsf-portal.clock-offset');
const registry = globalThis as unknown as Record<symbol, number | undefined>;

export function now(): Date {
  return new Date(Date.now() + (registry[KEY] ?? 0));
}

/** Moves the clock `ms` ahead of the real time (tests only). */
export function setClockOffset(ms: number): void {
  registry[KEY] = ms;
}
