import type { GlPurpose, Order } from "../../../../../shared/canonical";
import { formatDecimal } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import type { PushFailure } from "../erp-adapter";
import { validation } from "./classify";
import type { BcClient } from "./client";
import type { BcConfig } from "./config";

/** What every document writer needs: the client, the connection's URLs and mappings, a clock. */
export interface BcContext {
  client: BcClient;
  config: BcConfig;
  mappings: ErpMappings;
  now: () => number;
}

/** BC decimals travel as JSON numbers; the text is exact (formatDecimal) and so is the number. */
export function decimal(minor: number, currency: string): number {
  return Number(formatDecimal(minor, currency));
}

/** The BC item number for a SKU: the item mapping, or the SKU itself (the documented fallback). */
export function itemNumber(ctx: BcContext, sku: string): string {
  return ctx.mappings.item[sku] ?? sku;
}

/** The SKU of a BC item number: the reverse of the item mapping, or the number itself. */
export function skuOf(ctx: BcContext, number: string): string {
  const mapped = Object.entries(ctx.mappings.item).find(([, target]) => target === number);
  return mapped ? mapped[0] : number;
}

export function glAccount(ctx: BcContext, purpose: GlPurpose): string | PushFailure {
  return (
    ctx.mappings.glAccount[purpose] ??
    validation(`no gl_account mapping for "${purpose}": map it to a Business Central G/L account number`)
  );
}

/** The plain date of an ISO timestamp as the channel wrote it (BC dates have no time zone). */
export function plainDate(iso: string): string {
  return iso.slice(0, 10);
}

export function lineSku(order: Order, externalLineId: string): string | null {
  return order.lines.find((l) => l.externalLineId === externalLineId)?.sku ?? null;
}
