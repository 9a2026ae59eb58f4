import { inject } from "vitest";
import type { Order } from "../../shared/canonical";
import {
  connectionFor,
  documentKey,
  type ErpDocument,
  type ErpMappings,
  emptyMappings,
} from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import type { FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { createTrytonAdapter } from "../../workers/erp-sync/src/adapters/tryton/adapter";
import { type ModelApi, modelApi } from "../../workers/erp-sync/src/adapters/tryton/model-api";
import { createSession } from "../../workers/erp-sync/src/adapters/tryton/session";
import { canonicalOrder } from "../support/canonical-order";

/**
 * The chart scripts/tryton/prepare.py builds (chart.py MINIMAL_CHART_CODES and EXTRA_ACCOUNTS), as
 * the gl_account mappings a retailer would enter, plus its walk-in party (catalog.py).
 */
export const CHART: ErpMappings["glAccount"] = {
  bank: "1030",
  undeposited_funds: "1010",
  marketplace_clearing: "1020",
  tax_payable: "2100",
  sales: "4000",
  shipping_income: "4100",
  discounts: "4900",
  refunds: "4910",
  marketplace_fees: "6100",
  payment_fees: "6200",
  inventory_adjustment: "6300",
};

export function trytonConnection(mappings: Partial<ErpMappings> = {}, password = "admin") {
  const { baseUrl, database } = inject("tryton");
  return connectionFor(
    { kind: "tryton", settings: { baseUrl, database }, credentials: { login: "admin", password } },
    {
      mappings: {
        ...emptyMappings(),
        glAccount: CHART,
        paymentMethod: { bogus: "1010", shopify_payments: "1010" },
        defaultCustomer: { shopify: "WALK-IN" },
        ...mappings,
      },
    },
  );
}

export function trytonAdapter(
  options: { fetch?: FetchLike; mappings?: Partial<ErpMappings>; password?: string } = {},
) {
  return createTrytonAdapter(trytonConnection(options.mappings, options.password), {
    fetch: options.fetch ?? ((request) => fetch(request)),
    now: Date.now,
    timeoutMs: 30_000,
  });
}

/** A separate session for reading back what the adapter wrote. */
export function tryton(): ModelApi {
  return modelApi(
    createSession(trytonConnection(), { fetch: (r) => fetch(r), now: Date.now, timeoutMs: 30_000 }),
  );
}

let claims = 0;
export function claimFor(
  document: ErpDocument,
  refs: OutboxClaim["refs"] = {},
  erpId: string | null = null,
): OutboxClaim {
  claims += 1;
  return {
    id: `obx_${claims}`,
    connectionId: "erp_tryton",
    kind: document.kind,
    docKey: documentKey(document),
    orderId: null,
    version: 1,
    attempts: 0,
    leaseToken: `lease_${claims}`,
    correlationId: `corr_${claims}`,
    document,
    refs,
    erpId,
  };
}

/** The canonical test order under a fresh external id, so each test writes its own records. */
export function freshOrder(overrides: Partial<Order> = {}): Order {
  const id = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return canonicalOrder({ externalId: id, orderNumber: `#${id.slice(-6)}`, ...overrides });
}

/**
 * A fetch that lets trytond run the first call whose JSON-RPC method matches, then drops its answer
 * (the commit happened; the client sees a network failure), and passes everything else through.
 */
export function losingAnswerOf(method: RegExp): { fetch: FetchLike; dropped: () => boolean } {
  let dropped = false;
  return {
    dropped: () => dropped,
    fetch: async (request) => {
      const body = (await request.clone().json()) as { method?: string };
      const response = await fetch(request);
      if (!dropped && typeof body.method === "string" && method.test(body.method)) {
        dropped = true;
        await response.text();
        throw new TypeError("fetch failed: connection reset after the server answered");
      }
      return response;
    },
  };
}

/** The JSON-RPC methods an adapter called, in order. */
export function recordingFetch(): { fetch: FetchLike; methods: string[] } {
  const methods: string[] = [];
  return {
    methods,
    fetch: async (request) => {
      const body = (await request.clone().json()) as { method?: string };
      methods.push(String(body.method));
      return fetch(request);
    },
  };
}
