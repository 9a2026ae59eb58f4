import { compactReference } from "../../../../../shared/erp";

/**
 * The references the mesh writes into Fusion's length-limited key fields, derived from the document's
 * natural key (`claim.docKey`). The key is first made safe for Fusion's `q` finder and for URLs
 * (letters, digits, `.`, `_`, `-` stay; anything else becomes `~` plus its UTF-8 bytes in hex, so the
 * escaping is injective), then shortened by `compactReference`: a readable prefix plus a hash when it
 * does not fit. Same document, same reference, on every attempt.
 */
const encoder = new TextEncoder();

export function escapeKey(key: string): string {
  let out = "";
  for (const char of key) {
    if (/^[A-Za-z0-9._-]$/.test(char)) out += char;
    else for (const byte of encoder.encode(char)) out += `~${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

export function reference(docKey: string, maxLength: number): Promise<string> {
  return compactReference([escapeKey(docKey)], maxLength);
}

/** Fusion's documented limits of the fields the adapter keys on. */
export const LIMITS = {
  /** SourceTransactionId and SourceTransactionNumber (DOO_SOURCE_ORDERS.SOURCE_ORDER_ID is 50). */
  sourceTransaction: 50,
  receiptNumber: 30,
  /** Receivables transaction numbers (TRX_NUMBER) are 20 characters. */
  transactionNumber: 20,
  shipment: 30,
  invoiceNumber: 50,
  batchName: 100,
  sourceReference: 255,
  transactionReference: 240,
} as const;

/** A value inside a `q` row-match expression: single-quoted, quotes doubled. */
export function quoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function rowMatch(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([attribute, value]) => `${attribute}=${quoted(value)}`)
    .join(" and ");
}
