import { z } from "zod";
import { Channel, GlPurpose } from "../canonical";

/**
 * Per-connection mappings from the mesh's vocabulary to the ERP's. Stored one row per entry in D1
 * (`erp_mappings`), edited through `/v1/erp-connections/{id}/mappings`, validated on write by the
 * schema of their kind. Adapters receive them resolved as plain lookups (`ErpMappings`).
 *
 * | kind | key (mesh side) | target (ERP side) |
 * | --- | --- | --- |
 * | item | SKU | the ERP item's id or number |
 * | location | mesh location id | warehouse / location, optional subsidiary or plant |
 * | tax_code | the tax line's title, or `rate:<decimal>` | tax code |
 * | payment_method | payment gateway (`shopify_payments`, `gift_card`) | payment method |
 * | shipping_method | shipping line code, or its title | ship method / shipping agent |
 * | gl_account | a GlPurpose (`marketplace_fees`, …) | GL account id or number |
 * | default_customer | a channel | the customer every order of that channel is booked to |
 */
export const MappingKind = z.enum([
  "item",
  "location",
  "tax_code",
  "payment_method",
  "shipping_method",
  "gl_account",
  "default_customer",
]);
export type MappingKind = z.infer<typeof MappingKind>;

const erpRef = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\s|]([^|]*[^\s|])?$/, "an ERP id or number: no pipes, no surrounding spaces");

export const LocationTarget = z.object({
  warehouse: erpRef,
  subsidiary: erpRef.nullable().default(null),
});
export type LocationTarget = z.infer<typeof LocationTarget>;

/** One mapping entry as written through the API, validated by kind. */
export const MappingEntry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("item"), key: z.string().min(1).max(255), target: erpRef }),
  z.object({ kind: z.literal("location"), key: z.string().min(1).max(100), target: LocationTarget }),
  z.object({ kind: z.literal("tax_code"), key: z.string().min(1).max(100), target: erpRef }),
  z.object({ kind: z.literal("payment_method"), key: z.string().min(1).max(100), target: erpRef }),
  z.object({ kind: z.literal("shipping_method"), key: z.string().min(1).max(255), target: erpRef }),
  z.object({ kind: z.literal("gl_account"), key: GlPurpose, target: erpRef }),
  z.object({ kind: z.literal("default_customer"), key: Channel, target: erpRef }),
]);
export type MappingEntry = z.infer<typeof MappingEntry>;

export interface ErpMappings {
  item: Record<string, string>;
  location: Record<string, LocationTarget>;
  taxCode: Record<string, string>;
  paymentMethod: Record<string, string>;
  shippingMethod: Record<string, string>;
  glAccount: Partial<Record<GlPurpose, string>>;
  defaultCustomer: Partial<Record<Channel, string>>;
}

export function emptyMappings(): ErpMappings {
  return {
    item: {},
    location: {},
    taxCode: {},
    paymentMethod: {},
    shippingMethod: {},
    glAccount: {},
    defaultCustomer: {},
  };
}

/** Folds validated entries into the lookup shape adapters use. */
export function resolveMappings(entries: readonly MappingEntry[]): ErpMappings {
  const m = emptyMappings();
  for (const e of entries) {
    switch (e.kind) {
      case "item":
        m.item[e.key] = e.target;
        break;
      case "location":
        m.location[e.key] = e.target;
        break;
      case "tax_code":
        m.taxCode[e.key] = e.target;
        break;
      case "payment_method":
        m.paymentMethod[e.key] = e.target;
        break;
      case "shipping_method":
        m.shippingMethod[e.key] = e.target;
        break;
      case "gl_account":
        m.glAccount[e.key] = e.target;
        break;
      case "default_customer":
        m.defaultCustomer[e.key] = e.target;
        break;
    }
  }
  return m;
}
