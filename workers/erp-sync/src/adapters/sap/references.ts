import { compactReference } from "../../../../../shared/erp";

/**
 * The external reference each SAP document carries, derived from the mesh's natural key
 * (`claim.docKey`) and cut to the field's length with `compactReference`, so the same document always
 * gets the same reference and it is looked up before every create:
 *
 * | document | SAP field | length |
 * | --- | --- | --- |
 * | sales order, customer return, credit memo request | PurchaseOrderByCustomer | 35 |
 * | outbound delivery (fulfilment) | DeliveryDocumentBySupplier ("external delivery id") | 35 |
 * | material document (item receipt, inventory adjustment) | MaterialDocumentHeaderText | 25 |
 * | journal entry (payment, refund, journal) | DocumentReferenceID (the FI "reference") | 16 |
 * | business partner (customer) | BusinessPartnerIDByExtSystem | 20 |
 */
export const REFERENCE_LENGTH = {
  purchaseOrderByCustomer: 35,
  deliveryBySupplier: 35,
  materialDocumentHeaderText: 25,
  documentReferenceId: 16,
  businessPartnerExternalId: 20,
} as const;

export function referenceFor(docKey: string, field: keyof typeof REFERENCE_LENGTH): Promise<string> {
  return compactReference([docKey], REFERENCE_LENGTH[field]);
}
