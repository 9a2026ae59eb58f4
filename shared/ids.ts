const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A sortable unique id (ULID layout: 48-bit time, 80 random bits) with a type prefix, e.g.
 * `ord_01JD...`. Sortable ids keep D1 indexes append-mostly and make lists stable.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let rand = "";
  for (const byte of random) rand += CROCKFORD.charAt(byte % 32);
  return `${prefix}_${time}${rand}`;
}

/** Correlation ids follow W3C trace-context: a 32-hex trace id, taken from `traceparent` when present. */
export function correlationIdFrom(traceparent: string | null | undefined): string {
  const match = traceparent ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim()) : null;
  if (match?.[1] && !/^0+$/.test(match[1])) return match[1];
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
