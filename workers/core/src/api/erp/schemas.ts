import { z } from "@hono/zod-openapi";
import { ErpKind, MappingKind } from "../../../../../shared/erp";
import { Timestamp } from "../common-schemas";

const Limits = z
  .object({
    concurrency: z.number().int().min(1).max(200),
    windowLimit: z.number().int().min(1).nullable(),
    windowMs: z.number().int().min(1000).nullable(),
  })
  .refine((l) => (l.windowLimit === null) === (l.windowMs === null), {
    message: "give windowLimit and windowMs together, or neither",
    path: ["windowMs"],
  })
  .openapi("ErpLimits", {
    description:
      "How hard the mesh may call this ERP account: requests in flight at once, and at most `windowLimit` " +
      "requests started in any `windowMs`. Defaults to the ERP's documented limits.",
  });

const KIND_FIELDS =
  "Settings and credentials by kind: netsuite {accountId, baseUrl|null, advancedShipping, subsidiaryId|null} + " +
  "{auth:'tba', consumerKey, consumerSecret, tokenId, tokenSecret} or {auth:'oauth2_m2m', clientId, certificateId, " +
  "algorithm:'PS256'|'ES256', privateKeyPem, scopes}; business_central {tenantId, environment, companyId, apiBaseUrl, " +
  "authorityUrl} + {clientId, clientSecret}; sap_s4hana {baseUrl, sapClient|null, salesOrderType, returnOrderType, " +
  "salesOrganization, distributionChannel, organizationDivision, companyCode|null} + {username, password}; oracle_fusion {baseUrl, " +
  "sourceTransactionSystem, businessUnitName} + {username, password}; tryton {baseUrl, database} + {login, password}.";

const Json = z.record(z.string(), z.unknown());

export const CreateConnectionBody = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "NetSuite production" }),
    kind: ErpKind,
    settings: Json.openapi({ description: KIND_FIELDS }),
    credentials: Json.openapi({
      description: "Stored encrypted; never returned or logged.",
      writeOnly: true,
    }),
    limits: Limits.optional(),
    isDefault: z.boolean().default(false).openapi({
      description: "The connection stores without their own connection use. Setting it moves the flag here.",
    }),
  })
  .openapi("CreateErpConnectionRequest");
export type CreateConnectionBody = z.infer<typeof CreateConnectionBody>;

export const UpdateConnectionBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    settings: Json.optional().openapi({ description: "Replaces the settings as a whole." }),
    credentials: Json.optional().openapi({
      description: "Replaces the credentials as a whole.",
      writeOnly: true,
    }),
    limits: Limits.optional(),
    isDefault: z.literal(true).optional().openapi({ description: "Make this the default connection." }),
    status: z.enum(["active", "disabled"]).optional(),
  })
  .openapi("UpdateErpConnectionRequest");
export type UpdateConnectionBody = z.infer<typeof UpdateConnectionBody>;

export const Connection = z
  .object({
    id: z.string().openapi({ example: "erp_01JDX6R8Z4M3K2Q9V7W5T1B0CA" }),
    name: z.string(),
    kind: ErpKind,
    settings: Json,
    credentialFields: z
      .array(z.string())
      .openapi({ description: "Names of the stored credentials, never values." }),
    limits: Limits,
    isDefault: z.boolean(),
    status: z.enum(["active", "disabled"]),
    revision: z.number().int().openapi({ description: "Bumped on every change, mappings included." }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("ErpConnection");
export type Connection = z.infer<typeof Connection>;

export const ConnectionIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const MappingRow = z
  .object({ kind: MappingKind, key: z.string(), target: z.unknown(), updatedAt: Timestamp })
  .openapi("ErpMapping");

export const PutMappingsBody = z
  .object({
    entries: z
      .array(z.object({ kind: MappingKind, key: z.string(), target: z.unknown() }))
      .min(1)
      .max(500)
      .openapi({
        description:
          "Entries upserted on (kind, key). Targets: a string (the ERP's id or number) for every kind but " +
          "`location`, whose target is {warehouse, subsidiary|null}. `gl_account` keys are GL purposes " +
          "(sales, marketplace_fees, ...), `default_customer` keys are channels. Each entry is validated; " +
          "one invalid entry rejects the request.",
      }),
  })
  .openapi("PutErpMappingsRequest");

export const MappingsQuery = z.object({
  kind: MappingKind.optional().openapi({ param: { name: "kind", in: "query" } }),
});

export const MappingParams = ConnectionIdParams.extend({
  kind: MappingKind.openapi({ param: { name: "kind", in: "path" } }),
  key: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: "key", in: "path" } }),
});
