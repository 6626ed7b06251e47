/**
 * The expiry calendar, as the contracts define it (contracts/libraries/Calendar.sol):
 * every expiry is a Friday at 08:00 UTC, `CALENDAR_ANCHOR + k * WEEK` in Unix seconds.
 */
export const WEEK = 7n * 24n * 3600n;
export const DAY = 24n * 3600n;
/** Friday 1970-01-02 08:00:00 UTC. */
export const CALENDAR_ANCHOR = DAY + 8n * 3600n;
/** Furthest an expiry may lie ahead of now. */
export const MAX_EXPIRY_AHEAD = 52n * WEEK;

/** Whether `time` (Unix seconds) is a calendar expiry. */
export function isExpiry(time: bigint): boolean {
  return time >= CALENDAR_ANCHOR && (time - CALENDAR_ANCHOR) % WEEK === 0n;
}

/** The first calendar expiry strictly after `time`. */
export function firstExpiryAfter(time: bigint): bigint {
  if (time < CALENDAR_ANCHOR) return CALENDAR_ANCHOR;
  return CALENDAR_ANCHOR + ((time - CALENDAR_ANCHOR) / WEEK + 1n) * WEEK;
}

/** The `n`-th calendar expiry after `time` (n = 1 is the first). */
export function nthExpiryAfter(time: bigint, n: number): bigint {
  if (n < 1) throw new RangeError(`n must be at least 1, got ${n}`);
  return firstExpiryAfter(time) + BigInt(n - 1) * WEEK;
}

/** Calendar expiries that are the last Friday of their month, after `time` and within the horizon. */
export function monthEndExpiries(time: bigint, horizon: bigint = MAX_EXPIRY_AHEAD): bigint[] {
  const out: bigint[] = [];
  for (let e = firstExpiryAfter(time); e <= time + horizon; e += WEEK) {
    const next = new Date(Number((e + WEEK) * 1000n));
    const here = new Date(Number(e * 1000n));
    if (next.getUTCMonth() !== here.getUTCMonth()) out.push(e);
  }
  return out;
}

/** "YYYY-MM-DD" of a Unix time, in UTC, as the token names show it. */
export function isoDate(time: bigint): string {
  return new Date(Number(time * 1000n)).toISOString().slice(0, 10);
}
