import { formatDecimal, parseDecimal } from "../../../../shared/canonical";
import { isCustomer } from "./business-partner";
import { decimal, type JsonObject, navigation, quantityText, text } from "./json";
import { MSG } from "./messages";
import type { SapMessage } from "./odata-errors";
import { fail, type Outcome, type ServiceContext } from "./service-context";

/**
 * What sales orders, customer returns and credit memo requests share (they are all SD documents):
 * the sales area and sold-to checks, the external reference field, and items priced from their
 * `to_PricingElement` (condition PPR0: ConditionRateValue per ConditionQuantity units).
 */
export interface SdHeader {
  type: string;
  salesOrganization: string;
  distributionChannel: string;
  organizationDivision: string;
  soldToParty: string;
  purchaseOrderByCustomer: string;
  currency: string;
}

export interface SdItem {
  item: string;
  material: string;
  quantity: number;
  unit: string;
  netAmount: string;
  fields: JsonObject;
}

const LIMITS: Record<string, number> = {
  SalesOrganization: 4,
  DistributionChannel: 2,
  OrganizationDivision: 2,
  SoldToParty: 10,
  PurchaseOrderByCustomer: 35,
  TransactionCurrency: 5,
};

export function checkHeader(ctx: ServiceContext, body: JsonObject, typeField: string): Outcome<SdHeader> {
  for (const field of [
    typeField,
    "SalesOrganization",
    "DistributionChannel",
    "OrganizationDivision",
    "SoldToParty",
  ]) {
    if (!text(body, field)) return fail(MSG.mandatoryField(field));
  }
  for (const [field, max] of Object.entries({ ...LIMITS, [typeField]: 4 })) {
    if (text(body, field).length > max) return fail(MSG.tooLong(field, max));
  }
  const header: SdHeader = {
    type: text(body, typeField),
    salesOrganization: text(body, "SalesOrganization"),
    distributionChannel: text(body, "DistributionChannel"),
    organizationDivision: text(body, "OrganizationDivision"),
    soldToParty: text(body, "SoldToParty"),
    purchaseOrderByCustomer: text(body, "PurchaseOrderByCustomer"),
    currency: text(body, "TransactionCurrency") || "USD",
  };
  const area = [header.salesOrganization, header.distributionChannel, header.organizationDivision] as const;
  if (!isCustomer(ctx.store, header.soldToParty, ...area)) {
    return fail(MSG.soldToNotInSalesArea(header.soldToParty, ...area));
  }
  return { ok: true, value: header };
}

/** Items numbered 10, 20, ... unless the client numbered them; each needs a material and a quantity. */
export function checkItems(
  body: JsonObject,
  itemKey: string,
  currency: string,
  carry: readonly string[],
): Outcome<SdItem[]> {
  const raw = navigation(body, "to_Item");
  if (!raw || raw.length === 0) return fail(MSG.noRelatedEntities());
  const items: SdItem[] = [];
  const warnings: SapMessage[] = [];
  for (const [index, line] of raw.entries()) {
    const item = text(line, itemKey) || String((index + 1) * 10);
    const material = text(line, "Material").toUpperCase();
    if (!material) return fail(MSG.mandatoryField(`Material (item ${item})`));
    if (material.length > 40) return fail(MSG.tooLong("Material", 40));
    const quantity = decimal(line, "RequestedQuantity");
    if (quantity === null || quantity <= 0) return fail(MSG.invalidQuantity(item));
    const net = netAmount(line, quantity, currency);
    if (net === null)
      warnings.push({ code: "V1/806", message: `Item ${item}: mandatory condition PPR0 is missing` });
    const fields: JsonObject = {};
    for (const field of carry) if (text(line, field)) fields[field] = text(line, field);
    items.push({
      item,
      material,
      quantity,
      unit: text(line, "RequestedQuantityUnit") || "EA",
      netAmount: net ?? formatDecimal(0, currency),
      fields,
    });
  }
  return { ok: true, value: items, warnings };
}

/** PPR0 rate per ConditionQuantity units, times the quantity: exact in minor units or refused. */
function netAmount(line: JsonObject, quantity: number, currency: string): string | null {
  const pricing = navigation(line, "to_PricingElement") ?? [];
  const price = pricing.find((p) => text(p, "ConditionType") === "PPR0");
  if (!price) return null;
  const rate = text(price, "ConditionRateValue");
  const per = decimal(price, "ConditionQuantity") ?? 1;
  try {
    const minor = parseDecimal(rate, currency);
    return formatDecimal(Math.round((minor * quantity) / per), currency);
  } catch {
    return null;
  }
}

export function itemFields(item: SdItem, currency: string): JsonObject {
  return {
    Material: item.material,
    RequestedQuantity: quantityText(item.quantity),
    RequestedQuantityUnit: item.unit,
    NetAmount: item.netAmount,
    TransactionCurrency: currency,
    ...item.fields,
  };
}

export function totalNet(items: readonly JsonObject[], currency: string): string {
  const minor = items.reduce((sum, i) => sum + parseDecimal(text(i, "NetAmount") || "0", currency), 0);
  return formatDecimal(minor, currency);
}

/** An ISO plain date from an Edm.DateTime (`/Date(ms)/`) or ISO text; null when absent or unreadable. */
export function dateFrom(body: JsonObject, field: string): string | null {
  const value = text(body, field);
  const ms = /^\/Date\((-?\d+)/.exec(value)?.[1];
  if (ms) return new Date(Number(ms)).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}
