import { vi } from "vitest";

/**
 * One shop's Admin GraphQL API as the inventory push meets it, on Shopify's wire protocol:
 * `POST https://<shop>/admin/api/<version>/graphql.json`, `X-Shopify-Access-Token`, a JSON
 * `{query, variables}` body, and answers with `data`, `errors[].extensions.code` and
 * `extensions.cost`. It serves the two documents the push sends (an `inventoryItem` read and
 * `inventorySetQuantities`) with Shopify's documented 2026-04+ rules: the mutation needs an
 * `@idempotent` key and an explicit `changeFromQuantity`, applies only when that equals the
 * persisted quantity (else `CHANGE_FROM_QUANTITY_STALE`), answers a repeated key with the first
 * result, refuses a key reused with other variables, and asks for a new key after a failed attempt.
 * Faults are one-shot and consumed in order by the next request of their operation.
 */
export type Fault =
  | {
      on: Operation;
      respond: "throttled";
      cost?: { requested: number; available: number; restoreRate: number };
    }
  | { on: Operation; respond: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Someone else sets the quantity just before the write is checked. */
  | { on: "write"; respond: "move"; to: number }
  /** The write is applied, but its answer is lost (a 5xx reaches the client). */
  | { on: "write"; respond: "apply-then-fail"; status: number }
  /** The item is deleted just before the write is checked. */
  | { on: "write"; respond: "delete-item" };

type Operation = "read" | "write";

export interface ReceivedRequest {
  url: string;
  token: string | null;
  contentType: string | null;
  operation: Operation | "unknown";
  query: string;
  variables: Record<string, unknown>;
}

export interface WriteRecord {
  key: string;
  changeFromQuantity: unknown;
  quantity: unknown;
  result: "applied" | "replayed" | "stale" | "mismatch" | "previous-failed" | "refused" | "lost";
}

export const API_VERSION = "2026-10";

export class FakeShopifyAdmin {
  readonly requests: ReceivedRequest[] = [];
  readonly writes: WriteRecord[] = [];
  readonly faults: Fault[] = [];
  /** `available` by `<item>|<location>`; an item without an entry at a location is not stocked there. */
  readonly levels = new Map<string, number>();
  readonly items = new Set<string>();
  private readonly keys = new Map<string, { variables: string; body: unknown; failed: boolean }>();
  private groups = 0;

  constructor(
    readonly shopDomain: string,
    public token: string,
  ) {}

  stock(item: string, location: string, available: number): this {
    this.items.add(item);
    this.levels.set(`${item}|${location}`, available);
    return this;
  }

  available(item: string, location: string): number | undefined {
    return this.levels.get(`${item}|${location}`);
  }

  /** Serves every `fetch` the worker makes (it runs in this test's isolate) until mocks are restored. */
  install() {
    return vi
      .spyOn(globalThis, "fetch")
      .mockImplementation(async (input, init) => this.handle(new Request(input, init)));
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.host !== this.shopDomain || url.pathname !== `/admin/api/${API_VERSION}/graphql.json`)
      return new Response("Not Found", { status: 404 });
    if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
    const token = request.headers.get("x-shopify-access-token");
    const body = (await request.json().catch(() => null)) as { query?: unknown; variables?: unknown } | null;
    const query = typeof body?.query === "string" ? body.query : "";
    const variables = (body?.variables ?? {}) as Record<string, unknown>;
    const operation = query.includes("inventorySetQuantities")
      ? "write"
      : query.includes("inventoryItem(")
        ? "read"
        : "unknown";
    this.requests.push({
      url: request.url,
      token,
      contentType: request.headers.get("content-type"),
      operation,
      query,
      variables,
    });

    if (token !== this.token)
      return Response.json(
        { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
        { status: 401 },
      );
    if (operation === "unknown")
      return this.errors([{ message: "unsupported by the fake", code: "BAD_REQUEST" }]);
    const fault = this.takeFault(operation);
    if (fault?.respond === "throttled") {
      const cost = fault.cost ?? { requested: 10, available: 0, restoreRate: 100 };
      return Response.json({
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: { cost: this.cost(cost.requested, null, cost.available, cost.restoreRate) },
      });
    }
    if (fault?.respond === "status")
      return new Response(fault.body ?? "", { status: fault.status, headers: fault.headers ?? {} });
    return operation === "read" ? this.read(variables) : this.write(query, variables, fault);
  }

  private read(variables: Record<string, unknown>): Response {
    const item = String(variables.inventoryItemId);
    const location = String(variables.locationId);
    if (!this.items.has(item)) return this.data({ inventoryItem: null }, 2);
    const available = this.levels.get(`${item}|${location}`);
    const inventoryLevel =
      available === undefined ? null : { quantities: [{ name: "available", quantity: available }] };
    return this.data({ inventoryItem: { id: item, inventoryLevel } }, 3);
  }

  private write(query: string, variables: Record<string, unknown>, fault: Fault | undefined): Response {
    const key = variables.idempotencyKey;
    if (!/@idempotent\(\s*key:\s*\$idempotencyKey\s*\)/.test(query) || typeof key !== "string")
      return this.errors([
        { message: "The @idempotent directive is required for this mutation.", code: "BAD_REQUEST" },
      ]);
    const input = (variables.input ?? {}) as Record<string, unknown>;
    const quantities = Array.isArray(input.quantities) ? (input.quantities as Record<string, unknown>[]) : [];
    const [q] = quantities;
    if (!q || quantities.some((x) => !Object.hasOwn(x, "changeFromQuantity")))
      return this.errors([
        { message: "changeFromQuantity must be given for each quantity", code: "BAD_REQUEST" },
      ]);
    const record = (result: WriteRecord["result"]) =>
      this.writes.push({ key, changeFromQuantity: q.changeFromQuantity, quantity: q.quantity, result });

    const signature = JSON.stringify(input);
    const seen = this.keys.get(key);
    if (seen && seen.variables !== signature) {
      record("mismatch");
      return Response.json(
        this.payload(null, [
          [
            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
            "The same idempotency key cannot be used with different operation parameters.",
          ],
        ]),
      );
    }
    if (seen?.failed) {
      record("previous-failed");
      return Response.json(
        this.payload(null, [
          [
            "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED",
            "A previous request with this idempotency key failed. Retry with a new idempotency key.",
          ],
        ]),
      );
    }
    if (seen) {
      record("replayed");
      return Response.json(seen.body);
    }

    const item = String(q.inventoryItemId);
    const level = `${item}|${String(q.locationId)}`;
    if (fault?.respond === "move") this.levels.set(level, fault.to);
    if (fault?.respond === "delete-item") this.items.delete(item);
    const refuse = (code: string, message: string, result: WriteRecord["result"] = "refused") => {
      record(result);
      const body = this.payload(null, [[code, message]]);
      this.keys.set(key, { variables: signature, body, failed: true });
      return Response.json(body);
    };
    if (input.name !== "available" && input.name !== "on_hand")
      return refuse("INVALID_NAME", "The quantity name must be either 'available' or 'on_hand'.");
    if (!this.items.has(item))
      return refuse("INVALID_INVENTORY_ITEM", "The specified inventory item could not be found.");
    const current = this.levels.get(level);
    if (current === undefined)
      return refuse(
        "ITEM_NOT_STOCKED_AT_LOCATION",
        "The specified inventory item is not stocked at the location.",
      );
    if (q.changeFromQuantity !== null && q.changeFromQuantity !== current)
      return refuse(
        "CHANGE_FROM_QUANTITY_STALE",
        "The changeFromQuantity value does not match persisted value.",
        "stale",
      );

    const quantity = Number(q.quantity);
    this.levels.set(level, quantity);
    const group = {
      id: `gid://shopify/InventoryAdjustmentGroup/${++this.groups}`,
      changes: [{ name: "available", delta: quantity - current }],
    };
    const body = this.payload(group, []);
    this.keys.set(key, { variables: signature, body, failed: false });
    if (fault?.respond === "apply-then-fail") {
      record("lost");
      return new Response("upstream connect error", { status: fault.status });
    }
    record("applied");
    return Response.json(body);
  }

  /** The mutation's answer body: its payload, and Shopify's cost extension. */
  private payload(group: unknown, userErrors: [string, string][]) {
    const errors = userErrors.map(([code, message]) => ({
      code,
      field: ["input", "quantities", "0"],
      message,
    }));
    return {
      data: { inventorySetQuantities: { inventoryAdjustmentGroup: group, userErrors: errors } },
      extensions: { cost: this.cost(10, 10, 1990, 100) },
    };
  }

  private data(data: unknown, actual: number): Response {
    return Response.json({ data, extensions: { cost: this.cost(actual, actual, 2000 - actual, 100) } });
  }

  private errors(errors: { message: string; code: string }[]): Response {
    return Response.json({
      errors: errors.map((e) => ({ message: e.message, extensions: { code: e.code } })),
      extensions: { cost: this.cost(1, null, 2000, 100) },
    });
  }

  private cost(requested: number, actual: number | null, available: number, restoreRate: number) {
    return {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
    };
  }

  private takeFault(operation: Operation): Fault | undefined {
    const i = this.faults.findIndex((f) => f.on === operation);
    return i === -1 ? undefined : this.faults.splice(i, 1)[0];
  }
}
