import { z } from "@hono/zod-openapi";
import { Channel } from "../../../../../shared/canonical";
import { Cursor, Limit, Timestamp } from "../common-schemas";

/** Only https, or plain http to this machine (a local stand-in such as the sandbox). */
const AdminApiBaseUrl = z
  .string()
  .url()
  .max(500)
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(u), {
    message: "must be https (or http to localhost for a local stand-in)",
  })
  .openapi({
    description:
      "Where the store's Admin API answers; null (the default) for https://<shopDomain>. Set it only for a local " +
      "stand-in, e.g. the sandbox: http://localhost:8790/shopify/<shopDomain>.",
    example: "http://localhost:8790/shopify/acme-eu.myshopify.com",
  });

export const CreateStoreBody = z
  .object({
    channel: z
      .literal("shopify")
      .openapi({ description: "Only Shopify stores are onboarded through the API today." }),
    name: z.string().trim().min(1).max(200).openapi({ example: "Acme EU" }),
    shopDomain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be the lowercase <shop>.myshopify.com domain")
      .openapi({ example: "acme-eu.myshopify.com" }),
    webhookSecret: z.string().min(16).max(1024).openapi({
      description: "The app's webhook signing secret. Stored encrypted; never returned or logged.",
      writeOnly: true,
    }),
    adminAccessToken: z
      .string()
      .min(16)
      .max(1024)
      .nullable()
      .default(null)
      .openapi({
        description:
          "The Admin API access token the mesh pushes inventory with (scope `write_inventory`). Stored encrypted; " +
          "never returned or logged. Null: the store's listings receive no inventory pushes.",
        writeOnly: true,
      }),
    adminApiBaseUrl: AdminApiBaseUrl.nullable().default(null),
    erpConnectionId: z.string().min(1).max(100).nullable().default(null).openapi({
      description:
        "The ERP connection this store's documents go to; null (the default) for the default connection.",
      example: "erp_01JDX6R8Z4M3K2Q9V7W5T1B0CA",
    }),
  })
  .openapi("CreateStoreRequest");
export type CreateStoreBody = z.infer<typeof CreateStoreBody>;

export const Store = z
  .object({
    id: z.string().openapi({ example: "sto_01JDX6R8Z4M3K2Q9V7W5T1B0CA" }),
    channel: z.string().openapi({ description: "A channel name (see `Channel`).", example: "shopify" }),
    name: z.string(),
    shopDomain: z.string(),
    status: z.enum(["active", "disabled"]),
    erpConnectionId: z.string().nullable().openapi({ description: "Null: the default ERP connection." }),
    adminApiBaseUrl: z.string().nullable().openapi({ description: "Null: https://<shopDomain>." }),
    adminApiConnected: z
      .boolean()
      .openapi({ description: "Whether an Admin API access token is held (inventory pushes need one)." }),
    webhookUrl: z.string().nullable().openapi({
      description: "Where the channel must send this store's webhooks (null if the channel has none).",
    }),
    createdAt: Timestamp,
  })
  .openapi("Store");
export type Store = z.infer<typeof Store>;

export const StoreIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "sto_01JDX6R8Z4M3K2Q9V7W5T1B0CA" }),
});

export const ListStoresQuery = z.object({
  channel: Channel.optional().openapi({ param: { name: "channel", in: "query" } }),
  limit: Limit,
  cursor: Cursor,
});

export const RotateSecretBody = z
  .object({
    webhookSecret: z.string().min(16).max(1024).openapi({
      description: "The new webhook signing secret. Stored encrypted; never returned or logged.",
      writeOnly: true,
    }),
  })
  .openapi("RotateWebhookSecretRequest");

export const RotatedStore = Store.extend({
  previousSecretValidUntil: Timestamp.openapi({
    description: "Until when deliveries signed with the previous secret are still accepted.",
  }),
}).openapi("RotatedStore");

export const AdminTokenBody = z
  .object({
    adminAccessToken: z.string().min(16).max(1024).openapi({
      description: "The new Admin API access token. Stored encrypted; never returned or logged.",
      writeOnly: true,
    }),
    adminApiBaseUrl: AdminApiBaseUrl.nullable().optional().openapi({
      description:
        "Changes where the Admin API answers as well (null: https://<shopDomain>); absent: unchanged.",
    }),
  })
  .openapi("AdminAccessTokenRequest");
