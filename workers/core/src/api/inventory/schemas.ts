import { z } from "@hono/zod-openapi";

export const SkuParams = z.object({
  sku: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "sku", in: "path" }, example: "IPOD2008GREEN" }),
});

export const AdjustmentBody = z
  .object({
    sku: z.string().min(1).max(200).openapi({ example: "IPOD2008GREEN" }),
    location: z.string().min(1).max(100).default("default").openapi({ example: "default" }),
    set: z.number().int().min(0).max(1_000_000_000).optional().openapi({
      description: "The counted on-hand (absolute), at most 1,000,000,000 (Shopify's own limit).",
    }),
    delta: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .optional()
      .openapi({ description: "A change to on-hand: receipt (+) or loss (-)." }),
    sequence: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "For counts: the sender's version; an older count is recorded, not applied." }),
    reason: z.string().min(1).max(500).openapi({ example: "cycle count" }),
    source: z
      .enum(["manual", "warehouse", "erp"])
      .default("manual")
      .openapi({
        description:
          "Where the change comes from. Changes from the warehouse or made by hand are posted to the ERP as an " +
          "inventory adjustment (the ERP values stock); changes that come from the ERP itself are not sent back.",
      }),
  })
  .refine((b) => (b.set === undefined) !== (b.delta === undefined), {
    message: "give exactly one of set or delta",
    path: ["set"],
  })
  .openapi("InventoryAdjustment");

const LineStatus = z
  .enum(["reserved", "held", "short", "backordered", "untracked", "committed", "released"])
  .openapi({
    description:
      "held: reserved for an unpaid order until holdExpiresAt; short: not enough stock (a person decides); " +
      "backordered: short, and reserved as soon as stock arrives; untracked: no count known yet; " +
      "committed: every open unit shipped; released: cancelled or hold expired.",
  });

const Reservation = z.object({
  lineKey: z.string().openapi({ description: "channel:store:order:line" }),
  orderRef: z.string(),
  storeId: z.string(),
  quantity: z.number().int().openapi({ description: "Units still wanted (ordered minus cancelled)." }),
  shipped: z.number().int(),
  status: LineStatus,
  reason: z.string().nullable().openapi({ description: "Why a line is short." }),
  holdExpiresAt: z.string().nullable(),
  locations: z.array(z.object({ location: z.string(), quantity: z.number().int() })),
});

export const InventoryView = z
  .object({
    sku: z.string(),
    onHand: z.number().int().nullable().openapi({ description: "Null while no count is known." }),
    reserved: z.number().int(),
    available: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "On hand minus reserved, over all locations." }),
    locations: z.array(
      z.object({
        location: z.string(),
        onHand: z.number().int(),
        reserved: z.number().int(),
        safetyStock: z.number().int(),
        free: z
          .number()
          .int()
          .openapi({ description: "On hand minus reserved minus safety stock, at least 0." }),
        exclusiveTo: z
          .string()
          .nullable()
          .openapi({ description: "The store this location's stock is promised to." }),
      }),
    ),
    channels: z.array(
      z.object({
        storeId: z.string(),
        channel: z.string(),
        listed: z.boolean(),
        available: z
          .number()
          .int()
          .openapi({ description: "Available to promise to this store, after its rules." }),
        lastCommand: z
          .object({ sequence: z.number().int(), quantity: z.number().int(), issuedAt: z.string() })
          .nullable()
          .openapi({ description: "The last inventory.set command sent to the store's listing." }),
      }),
    ),
    reservations: z.array(Reservation).openapi({
      description:
        "At most 1000 lines: open ones (held, reserved, backordered, short, untracked) first, by line key.",
    }),
    reservationsTruncated: z
      .boolean()
      .openapi({ description: "True when the SKU has more lines than are shown." }),
    lineCounts: z
      .record(LineStatus, z.number().int())
      .openapi({ description: "How many lines are in each state." }),
    pendingPushSince: z
      .string()
      .nullable()
      .openapi({ description: "A change not yet pushed to the channels (pushed within the debounce)." }),
  })
  .openapi("Inventory");

export const AdjustmentAnswer = z
  .object({
    applied: z.boolean().openapi({ description: "False for a count older than the last one applied." }),
    inventory: InventoryView,
  })
  .openapi("AdjustmentResult");

const StoreId = z.string().min(1).max(100).openapi({ example: "sto_01JDX6R8Z4M3K2Q9V7W5T1B0CA" });
const Location = z.string().min(1).max(100).openapi({ example: "default" });

export const Listing = z
  .object({
    storeId: StoreId,
    sku: z.string().min(1).max(200).openapi({ example: "IPOD2008GREEN" }),
    externalItemId: z.string().min(1).max(200).openapi({
      description: "The channel's inventory item (Shopify: an InventoryItem gid).",
      example: "gid://shopify/InventoryItem/49148385",
    }),
    externalLocationId: z.string().min(1).max(200).openapi({
      description: "Where the channel shows the quantity (Shopify: a Location gid).",
      example: "gid://shopify/Location/655441491",
    }),
  })
  .openapi("InventoryListing");

export const ListingsBody = z
  .object({ listings: z.array(Listing).min(1).max(500) })
  .openapi("InventoryListingsRequest");

export const ListingView = Listing.extend({ channel: z.string(), updatedAt: z.string() }).openapi(
  "InventoryListingView",
);

export const ListingsQuery = z.object({
  storeId: z
    .string()
    .optional()
    .openapi({ param: { name: "storeId", in: "query" } }),
  sku: z
    .string()
    .optional()
    .openapi({ param: { name: "sku", in: "query" } }),
});

export const ListingParams = z.object({
  storeId: StoreId.openapi({ param: { name: "storeId", in: "path" } }),
  sku: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "sku", in: "path" } }),
});

export const AllocationRule = z
  .object({
    storeId: StoreId,
    location: Location.openapi({ description: "A location, or * for every location." }),
    mode: z.enum(["share", "exclusive"]).openapi({
      description:
        "share: the store sees `percent` of the location's free stock, at most `cap`. exclusive: the location's stock " +
        "is for this store only (others see none of it and their orders cannot take it); `percent`/`cap` still apply.",
    }),
    percent: z.number().int().min(0).max(100).nullable().default(null),
    cap: z.number().int().min(0).nullable().default(null),
  })
  .openapi("AllocationRule");

export const SafetyStockRow = z
  .object({
    location: Location.openapi({ description: "A location, or * for every location." }),
    sku: z.string().min(1).max(200).openapi({ description: "A SKU, or * for every SKU." }),
    quantity: z.number().int().min(0),
  })
  .openapi("SafetyStock");

export const StoreSettings = z
  .object({
    storeId: z.string().min(1).max(100).openapi({ description: "A store, or * for the default." }),
    backorder: z.enum(["reserve_on_arrival", "manual"]).openapi({
      description:
        "reserve_on_arrival: a short line is reserved as soon as stock arrives; manual: a person decides.",
    }),
    holdMinutes: z.number().int().min(0).max(10_080).openapi({
      description:
        "How long an unpaid order's lines are held before release; 0 reserves them like paid ones.",
    }),
  })
  .openapi("StoreInventorySettings");

export const InventoryPolicy = z
  .object({
    rules: z.array(AllocationRule).max(1000),
    safetyStock: z.array(SafetyStockRow).max(1000),
    stores: z.array(StoreSettings).max(1000),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      const key = `${r.storeId}\u0000${r.location}`;
      if (seen.has(key))
        ctx.addIssue({ code: "custom", path: ["rules", i], message: "one rule per store and location" });
      seen.add(key);
    });
    const owners = new Map<string, string>();
    p.rules.forEach((r, i) => {
      if (r.mode !== "exclusive") return;
      const owner = owners.get(r.location);
      if (owner && owner !== r.storeId) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", i],
          message: `location ${r.location} is already exclusive to ${owner}`,
        });
      }
      owners.set(r.location, r.storeId);
    });
    const safety = new Set<string>();
    p.safetyStock.forEach((s, i) => {
      const key = `${s.location}\u0000${s.sku}`;
      if (safety.has(key))
        ctx.addIssue({ code: "custom", path: ["safetyStock", i], message: "one row per location and SKU" });
      safety.add(key);
    });
    const stores = new Set<string>();
    p.stores.forEach((s, i) => {
      if (stores.has(s.storeId))
        ctx.addIssue({ code: "custom", path: ["stores", i], message: "one row per store" });
      stores.add(s.storeId);
    });
  })
  .openapi("InventoryPolicy");

export const ReconcileBody = z
  .object({
    connectionId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Default: the default ERP connection." }),
  })
  .openapi("ReconciliationRequest");

export const ReconciliationRun = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    trigger: z.enum(["read_back", "api"]),
    correlationId: z.string(),
    observedAt: z.string(),
    checked: z.number().int().openapi({ description: "ERP readings compared." }),
    matched: z.number().int(),
    corrected: z.number().int(),
    moving: z
      .number()
      .int()
      .openapi({
        description:
          "Not corrected: the location moved after the reading, or during the comparison, or an ERP document of " +
          "its was completed after the reading. The next run decides.",
      }),
    unmapped: z.number().int().openapi({ description: "ERP warehouses with no mesh location mapped." }),
    createdAt: z.string(),
  })
  .openapi("ReconciliationRun");

export const ReconciliationLine = z
  .object({
    sku: z.string(),
    erpLocation: z.string(),
    locationId: z.string().nullable(),
    erpOnHand: z.number().int(),
    inFlight: z
      .number()
      .int()
      .openapi({ description: "Ledger movements the ERP had not booked at the reading." }),
    ledgerBefore: z.number().int().nullable(),
    ledgerAfter: z.number().int().nullable(),
    drift: z.number().int(),
    outcome: z.enum(["corrected", "moving", "unmapped"]),
  })
  .openapi("ReconciliationLine");

export const ReconciliationReport = ReconciliationRun.extend({ lines: z.array(ReconciliationLine) }).openapi(
  "ReconciliationReport",
);

export const RunParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
});
