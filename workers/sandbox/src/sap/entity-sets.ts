import { businessPartnerSets } from "./business-partner";
import { creditMemoRequestSets } from "./credit-memo-request";
import { customerReturnSets } from "./customer-return";
import { materialDocumentSets } from "./material-document";
import { outboundDeliverySets } from "./outbound-delivery";
import { readOnlySets } from "./read-only-sets";
import { salesOrderSets } from "./sales-order";
import type { EntitySetDef } from "./service-context";

/** Every OData service and entity set the sandbox serves, by service name (version suffix stripped). */
const ALL: EntitySetDef[] = [
  ...salesOrderSets,
  ...customerReturnSets,
  ...creditMemoRequestSets,
  ...outboundDeliverySets,
  ...materialDocumentSets,
  ...businessPartnerSets,
  ...readOnlySets,
];

export function entitySet(service: string, set: string): EntitySetDef | null {
  return ALL.find((d) => d.service === service && d.set === set) ?? null;
}

export function knownService(service: string): boolean {
  return ALL.some((d) => d.service === service);
}

export function setsOf(service: string): string[] {
  return ALL.filter((d) => d.service === service).map((d) => d.set);
}
