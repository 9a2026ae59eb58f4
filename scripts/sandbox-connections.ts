// The ERP connections that point at the local sandbox (and a local Tryton), for `npm run dev`, the
// end-to-end tests, the bench and the chaos run. One place holds the sandbox's local-only credentials:
// the secrets the sandbox accepts (given to it) and the same values in each connection (given to core
// through POST /v1/erp-connections). None of these are credentials of any real system.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

/** `KEY=value` lines of the sandbox's .dev.vars.example: the values it accepts locally. */
function sandboxDevVars(): Record<string, string> {
  const text = readFileSync(join(root, "workers/sandbox/.dev.vars.example"), "utf8");
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) vars[match[1]] = match[2];
  }
  return vars;
}

function sandboxVars(): Record<string, string> {
  const text = readFileSync(join(root, "workers/sandbox/wrangler.toml"), "utf8");
  const vars: Record<string, string> = {};
  for (const match of text.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)) {
    if (match[1] && match[2] !== undefined) vars[match[1]] = match[2];
  }
  return vars;
}

export const SANDBOX_SECRETS = sandboxDevVars();

export const ERP_KINDS = ["netsuite", "business_central", "sap_s4hana", "oracle_fusion", "tryton"] as const;
export type SandboxErp = (typeof ERP_KINDS)[number];

export interface ConnectionRequest {
  name: string;
  kind: SandboxErp;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
  limits?: { concurrency: number; windowLimit: number | null; windowMs: number | null };
  isDefault?: boolean;
}

/**
 * The body of POST /v1/erp-connections for one ERP, pointed at `sandboxUrl` (the sandbox worker) or,
 * for Tryton, at `trytonUrl` (a trytond started by scripts/tryton).
 */
export function sandboxConnection(
  kind: SandboxErp,
  urls: { sandboxUrl: string; trytonUrl?: string; trytonDatabase?: string },
): ConnectionRequest {
  const s = SANDBOX_SECRETS;
  const v = sandboxVars();
  const need = (value: string | undefined, name: string) => {
    if (!value) throw new Error(`${name} is missing from the sandbox's configuration`);
    return value;
  };
  switch (kind) {
    case "netsuite":
      return {
        name: "Sandbox NetSuite",
        kind,
        settings: {
          accountId: need(v.NETSUITE_ACCOUNT_ID, "NETSUITE_ACCOUNT_ID"),
          baseUrl: urls.sandboxUrl,
          advancedShipping: true,
          subsidiaryId: null,
        },
        credentials: {
          auth: "tba",
          consumerKey: need(s.NETSUITE_CONSUMER_KEY, "NETSUITE_CONSUMER_KEY"),
          consumerSecret: need(s.NETSUITE_CONSUMER_SECRET, "NETSUITE_CONSUMER_SECRET"),
          tokenId: need(s.NETSUITE_TOKEN_ID, "NETSUITE_TOKEN_ID"),
          tokenSecret: need(s.NETSUITE_TOKEN_SECRET, "NETSUITE_TOKEN_SECRET"),
        },
      };
    case "business_central":
      return {
        name: "Sandbox Business Central",
        kind,
        settings: {
          tenantId: need(v.BC_TENANT_ID, "BC_TENANT_ID"),
          environment: need(v.BC_ENVIRONMENT, "BC_ENVIRONMENT"),
          companyId: need(v.BC_COMPANY_ID, "BC_COMPANY_ID"),
          apiBaseUrl: urls.sandboxUrl,
          authorityUrl: urls.sandboxUrl,
        },
        credentials: {
          clientId: need(s.BC_CLIENT_ID, "BC_CLIENT_ID"),
          clientSecret: need(s.BC_CLIENT_SECRET, "BC_CLIENT_SECRET"),
        },
      };
    case "sap_s4hana":
      return {
        name: "Sandbox SAP S/4HANA",
        kind,
        settings: {
          baseUrl: urls.sandboxUrl,
          sapClient: v.SAP_CLIENT ?? null,
          salesOrderType: "OR",
          returnOrderType: "CBAR",
          salesOrganization: "1010",
          distributionChannel: "10",
          organizationDivision: "00",
        },
        credentials: {
          username: need(s.SAP_USERNAME, "SAP_USERNAME"),
          password: need(s.SAP_PASSWORD, "SAP_PASSWORD"),
        },
      };
    case "oracle_fusion":
      return {
        name: "Sandbox Oracle Fusion",
        kind,
        settings: {
          baseUrl: urls.sandboxUrl,
          sourceTransactionSystem: "MESH",
          businessUnitName: "US1 Business Unit",
        },
        credentials: {
          username: need(s.ORACLE_USERNAME, "ORACLE_USERNAME"),
          password: need(s.ORACLE_PASSWORD, "ORACLE_PASSWORD"),
        },
      };
    case "tryton":
      return {
        name: "Local Tryton",
        kind,
        settings: {
          baseUrl: urls.trytonUrl ?? "http://127.0.0.1:8000",
          database: urls.trytonDatabase ?? "mesh",
        },
        credentials: { login: "admin", password: process.env.TRYTON_ADMIN_PASSWORD ?? "admin" },
      };
  }
}

/** The SKUs of the example order in test/fixtures/shopify/orders-create.json (the demo's and bench's order). */
export const EXAMPLE_SKUS = ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"] as const;

/**
 * Master data a sandbox ERP must hold before it takes orders for these SKUs, as the control call that
 * seeds it (null when the sandbox needs none): Business Central refuses sales lines for unknown items,
 * as the real one does.
 */
export function sandboxSeed(
  kind: SandboxErp,
  skus: readonly string[] = EXAMPLE_SKUS,
): { path: string; body: unknown } | null {
  if (kind !== "business_central") return null;
  return {
    path: "/_sandbox/business-central/seed",
    body: { items: skus.map((sku) => ({ number: sku, displayName: sku, inventory: 1000 })) },
  };
}

/** Where each sandbox ERP answers its control API, and what it calls a sales order in `GET records`. */
export const SANDBOX_SYSTEMS: Record<
  Exclude<SandboxErp, "tryton">,
  { path: string; salesOrderType: string }
> = {
  netsuite: { path: "netsuite", salesOrderType: "salesOrder" },
  business_central: { path: "business-central", salesOrderType: "salesOrders" },
  sap_s4hana: { path: "sap", salesOrderType: "A_SalesOrder" },
  oracle_fusion: { path: "oracle-fusion", salesOrderType: "salesOrdersForOrderHub" },
};

/** The sandbox system of a connection kind, or null when it has none (Tryton is a real server). */
export function sandboxSystem(kind: string): { path: string; salesOrderType: string } | null {
  return Object.entries(SANDBOX_SYSTEMS).find(([k]) => k === kind)?.[1] ?? null;
}
