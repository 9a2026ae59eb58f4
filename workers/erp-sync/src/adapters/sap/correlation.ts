/**
 * The mesh's correlation id stamped into SAP's free-text fields as `mesh <correlationId> | …`, so a
 * finance user can go from an SAP document to its trace (`GET /v1/traces/{correlationId}`):
 *
 * | document | where | length |
 * | --- | --- | --- |
 * | sales order, customer return, credit memo request | header text (`to_Text`: A_SalesOrderText, A_CustomerReturnText, A_CreditMemoReqText), text ID 0001 | unlimited |
 * | outbound delivery | header text (A_OutbDeliveryHeaderText via `to_DeliveryDocumentText`), text element 0001 | unlimited |
 * | business partner (customer) | customer text (A_CustomerText via `to_Customer/to_CustomerText`), text ID TX01 | unlimited |
 * | material document | item text (MaterialDocumentItemText) of every item | 50 |
 * | journal entry | item text (DocumentItemText) of every line | 50 |
 *
 * The stamp is never part of a document's reference (its natural key), so it cannot change which
 * document a push finds. It is written once, when the document is created (a delivery's text when it
 * is first missing): a retry or replay under another correlation id finds the document and leaves its
 * text alone, so the text names the trace that created the document.
 *
 * Text IDs are customizing (each document type's text determination procedure); 0001 and TX01 are the
 * IDs SAP's samples use for these objects.
 */
export const TEXT_LANGUAGE = "EN";
export const SD_HEADER_TEXT_ID = "0001";
export const DELIVERY_HEADER_TEXT_ID = "0001";
export const CUSTOMER_TEXT_ID = "TX01";

export function stamp(correlationId: string, ...parts: Array<string | null | undefined>): string {
  return [`mesh ${correlationId}`, ...parts.filter((p): p is string => Boolean(p))].join(" | ");
}

/**
 * A stamp for a field of `max` characters: the context is cut, never the id. When even
 * `mesh <correlationId>` does not fit, the field keeps its own text (a cut id would name another trace).
 */
export function stampWithin(max: number, correlationId: string, text: string): string {
  const head = stamp(correlationId);
  if (head.length > max) return text.slice(0, max);
  return (text ? stamp(correlationId, text) : head).slice(0, max);
}

/** An SD or customer long text (`Language`, `LongTextID`, `LongText`) carrying the stamp. */
export function longText(textId: string, correlationId: string, ...parts: Array<string | null>) {
  return { Language: TEXT_LANGUAGE, LongTextID: textId, LongText: stamp(correlationId, ...parts) };
}
