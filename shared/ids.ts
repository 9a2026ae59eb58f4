import { toHex } from "./crypto/encoding";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A sortable unique id (ULID layout: 48-bit time, 80 random bits) with a type prefix, e.g.
 * `ord_01JD...`. Sortable ids keep D1 indexes append-mostly and make lists stable. Within one
 * millisecond the random part is incremented (monotonic ULID), so ids made one after another in an
 * isolate sort in the order they were made: trace steps written in one batch keep their order.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  if (now === lastTime) {
    let i = lastRandom.length - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i >= 0) lastRandom[i] = (lastRandom[i] ?? 0) + 1;
  } else {
    // 16 symbols of 5 bits; the top symbol is kept low so increments cannot overflow in practice.
    lastRandom = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b, i) =>
      i === 0 ? b % 16 : b % 32,
    );
    lastTime = now;
  }
  return `${prefix}_${time}${lastRandom.map((v) => CROCKFORD.charAt(v)).join("")}`;
}

/** Correlation ids follow W3C trace-context: a 32-hex trace id, taken from `traceparent` when present. */
export function correlationIdFrom(traceparent: string | null | undefined): string {
  const match = traceparent
    ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim())
    : null;
  if (match?.[1] && !/^0+$/.test(match[1])) return match[1];
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return toHex(bytes);
}
