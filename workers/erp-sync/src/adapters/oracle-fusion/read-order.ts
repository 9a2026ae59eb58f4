import type { Order } from "../../../../../shared/canonical";
import { salesOrderKey } from "../../../../../shared/erp";
import type { Json } from "./client";
import { LIMITS, reference } from "./references";
import { getItem, type Rest, type Step } from "./rest";

/**
 * The sales order (or return order) as Fusion holds it, read by its OrderKey `<system>:<id>` or its
 * HeaderId, lines expanded. Later documents take from it what only Fusion knows: the order number, the
 * line numbers, the buying party's number for Receivables.
 */
export interface FusionOrder {
  headerId: string;
  orderNumber: string;
  buyingPartyNumber: string | null;
  buyingPartyName: string | null;
  revision: number;
  status: string;
  lines: Json[];
  raw: Json;
}

export function sourceTransactionId(docKey: string): Promise<string> {
  return reference(docKey, LIMITS.sourceTransaction);
}

export async function orderKeyOf(
  system: string,
  order: Pick<Order, "channel" | "storeId" | "externalId">,
): Promise<string> {
  return `${system}:${await sourceTransactionId(salesOrderKey(order))}`;
}

export function toFusionOrder(raw: Json): FusionOrder {
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
  return {
    headerId: str(raw.HeaderId) ?? "",
    orderNumber: str(raw.OrderNumber) ?? "",
    buyingPartyNumber: str(raw.BuyingPartyNumber),
    buyingPartyName: str(raw.BuyingPartyName),
    revision:
      typeof raw.SourceTransactionRevisionNumber === "number" ? raw.SourceTransactionRevisionNumber : 1,
    status: str(raw.StatusCode) ?? "",
    lines: Array.isArray(raw.lines) ? (raw.lines as Json[]) : [],
    raw,
  };
}

export async function readOrder(rest: Rest, key: string, what: string): Promise<Step<FusionOrder>> {
  const url = `${rest.config.fscm}/salesOrdersForOrderHub/${encodeURIComponent(key)}?expand=lines`;
  const item = await getItem(rest, url, what);
  return item.ok ? { ok: true, value: toFusionOrder(item.value) } : item;
}

/** The Fusion order line that carries a channel line, by SourceTransactionLineId. */
export function lineFor(order: FusionOrder, externalLineId: string): Json | undefined {
  return order.lines.find((line) => String(line.SourceTransactionLineId) === externalLineId);
}
