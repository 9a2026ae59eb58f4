/**
 * The mesh's trace id as a Tryton record carries it: `mesh <correlation id> | <what>`, the shape
 * NetSuite's memo and Oracle's Comments carry, so a finance user can go from the record to
 * `GET /v1/traces/{correlationId}`. It rides in free-text fields only (a sale's or invoice's
 * `comment`, a move line's `description`, a contact mechanism's `comment`), never in the fields
 * that key a record (reference.ts), and is written when the record is created: a retry or replay
 * under another correlation id finds the record by its key and leaves the stamp of the push that
 * created it (posted moves and invoices could not be rewritten anyway, and a person may have added
 * to a sale's comment since).
 */
export function meshStamp(correlationId: string, ...parts: ReadonlyArray<string | null | undefined>): string {
  return [
    `mesh ${correlationId}`,
    ...parts.filter((p): p is string => typeof p === "string" && p !== ""),
  ].join(" | ");
}
