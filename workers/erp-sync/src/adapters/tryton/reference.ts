import { compactReference } from "../../../../../shared/erp";

/**
 * The key a Tryton record carries for the mesh document it holds: the document key, compacted when
 * long. It goes in the fields Tryton keeps for outside references (`reference` on sales, shipments
 * and invoices, `description` on account moves, `code` on parties) and is looked up before every
 * create. Tryton's Char fields here have no size limit; 64 keeps them readable in the client.
 */
export const REFERENCE_LENGTH = 64;

export function referenceFor(docKey: string): Promise<string> {
  return compactReference([docKey], REFERENCE_LENGTH);
}
