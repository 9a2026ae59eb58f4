import { z } from "zod";
import { type ErpMappings, emptyMappings } from "./mappings";

/**
 * An ERP connection: which ERP, where, with which credentials, within which limits. Connections are
 * data (D1 `erp_connections`, edited through `/v1/erp-connections`); credentials are sealed at rest and
 * only ever leave core decrypted over the internal RPC to erp-sync. The schemas below are the contract
 * between the API that validates a connection and the adapter that uses it.
 */
export const ErpKind = z.enum(["netsuite", "business_central", "sap_s4hana", "oracle_fusion", "tryton"]);
export type ErpKind = z.infer<typeof ErpKind>;

const url = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""));

export const NetSuiteSettings = z.object({
  /** Realm form, e.g. `1234567_SB1`. */
  accountId: z.string().regex(/^[0-9]+(_[A-Z0-9]+)?$/, "NetSuite account id in realm form, e.g. 1234567_SB1"),
  /** Empty for the real host derived from the account id; the sandbox's URL locally. */
  baseUrl: url.nullable(),
  /** Advanced Shipping on: fulfilment does not invoice (the default in new accounts). */
  advancedShipping: z.boolean(),
  subsidiaryId: z.string().nullable(),
});
export const NetSuiteCredentials = z.discriminatedUnion("auth", [
  z.object({
    auth: z.literal("tba"),
    consumerKey: z.string().min(1),
    consumerSecret: z.string().min(1),
    tokenId: z.string().min(1),
    tokenSecret: z.string().min(1),
  }),
  z.object({
    /** OAuth 2.0 client credentials with a JWT assertion signed by the integration's certificate key. */
    auth: z.literal("oauth2_m2m"),
    clientId: z.string().min(1),
    certificateId: z.string().min(1),
    algorithm: z.enum(["PS256", "ES256"]),
    /** PKCS#8 PEM of the private key whose certificate is uploaded to NetSuite. */
    privateKeyPem: z.string().includes("PRIVATE KEY"),
    scopes: z.array(z.enum(["rest_webservices", "restlets", "suite_analytics"])).min(1),
  }),
]);

export const BusinessCentralSettings = z.object({
  tenantId: z.string().min(1),
  environment: z.string().min(1),
  companyId: z.uuid(),
  /** `https://api.businesscentral.dynamics.com` unless pointed at the sandbox. */
  apiBaseUrl: url,
  /** `https://login.microsoftonline.com` unless pointed at the sandbox. */
  authorityUrl: url,
});
export const BusinessCentralCredentials = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

export const SapSettings = z.object({
  /** The tenant's API host, e.g. `https://my123456-api.s4hana.cloud.sap`. */
  baseUrl: url,
  sapClient: z
    .string()
    .regex(/^\d{3}$/)
    .nullable(),
  salesOrderType: z.string().max(4),
  returnOrderType: z.string().max(4),
  salesOrganization: z.string().max(4),
  distributionChannel: z.string().max(2),
  organizationDivision: z.string().max(2),
  /** The company code journal entries post in; SAP Best Practices give it the sales organization's value. */
  companyCode: z.string().max(4).nullable().default(null),
});
export const SapCredentials = z.object({ username: z.string().min(1), password: z.string().min(1) });

export const OracleFusionSettings = z.object({
  /** The pod, e.g. `https://fa-abcd-saasfaprod1.fa.ocs.oraclecloud.com`. */
  baseUrl: url,
  /** The source system orders are registered under (SourceTransactionSystem). */
  sourceTransactionSystem: z.string().min(1).max(30),
  businessUnitName: z.string().min(1),
});
export const OracleFusionCredentials = z.object({ username: z.string().min(1), password: z.string().min(1) });

export const TrytonSettings = z.object({
  /** trytond's JSON-RPC root, e.g. `http://127.0.0.1:8000`; the database name is appended. */
  baseUrl: url,
  database: z.string().min(1),
});
export const TrytonCredentials = z.object({ login: z.string().min(1), password: z.string().min(1) });

/** How hard the mesh may call this ERP account, shared by every flow through its rate budget. */
export const ErpLimits = z
  .object({
    /** Requests in flight at once (NetSuite: the account's concurrency limit). */
    concurrency: z.number().int().min(1).max(200),
    /** At most `windowLimit` requests started in any `windowMs` (Business Central: 6,000 per 300,000). */
    windowLimit: z.number().int().min(1).nullable(),
    windowMs: z.number().int().min(1000).nullable(),
  })
  .refine((l) => (l.windowLimit === null) === (l.windowMs === null), {
    message: "give windowLimit and windowMs together, or neither",
    path: ["windowMs"],
  });
export type ErpLimits = z.infer<typeof ErpLimits>;

export const ErpConnectionConfig = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("netsuite"), settings: NetSuiteSettings, credentials: NetSuiteCredentials }),
  z.object({
    kind: z.literal("business_central"),
    settings: BusinessCentralSettings,
    credentials: BusinessCentralCredentials,
  }),
  z.object({ kind: z.literal("sap_s4hana"), settings: SapSettings, credentials: SapCredentials }),
  z.object({
    kind: z.literal("oracle_fusion"),
    settings: OracleFusionSettings,
    credentials: OracleFusionCredentials,
  }),
  z.object({ kind: z.literal("tryton"), settings: TrytonSettings, credentials: TrytonCredentials }),
]);
export type ErpConnectionConfig = z.infer<typeof ErpConnectionConfig>;

/** A connection as erp-sync receives it: decrypted credentials, resolved mappings, limits. */
export type ErpConnection = ErpConnectionConfig & {
  id: string;
  name: string;
  limits: ErpLimits;
  mappings: ErpMappings;
  /** Bumped on every change; erp-sync's cache and the adapters' token caches key on it. */
  revision: number;
};

export type ErpConnectionOf<K extends ErpKind> = Extract<ErpConnection, { kind: K }>;

/** Each ERP's documented default limits (NetSuite's account concurrency tiers, Business Central's API limits). */
export const DEFAULT_LIMITS: Record<ErpKind, ErpLimits> = {
  netsuite: { concurrency: 5, windowLimit: null, windowMs: null },
  business_central: { concurrency: 5, windowLimit: 6000, windowMs: 300_000 },
  sap_s4hana: { concurrency: 10, windowLimit: null, windowMs: null },
  oracle_fusion: { concurrency: 8, windowLimit: null, windowMs: null },
  tryton: { concurrency: 4, windowLimit: null, windowMs: null },
};

/** A connection for tests and local tools, with no mappings unless given. */
export function connectionFor<C extends ErpConnectionConfig>(
  config: C,
  extra: Partial<Pick<ErpConnection, "id" | "name" | "limits" | "mappings" | "revision">> = {},
): C & Omit<ErpConnection, keyof ErpConnectionConfig> {
  return {
    ...config,
    id: extra.id ?? `erp_${config.kind}`,
    name: extra.name ?? config.kind,
    limits: extra.limits ?? DEFAULT_LIMITS[config.kind],
    mappings: extra.mappings ?? emptyMappings(),
    revision: extra.revision ?? 1,
  };
}
