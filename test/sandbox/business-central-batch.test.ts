import { beforeEach, describe, expect, it } from "vitest";
import {
  API_ROOT,
  type BcErrorBody,
  bc,
  COMPANY,
  control,
  resetWithCatalogue,
  token,
} from "./business-central-client";

/**
 * JSON $batch as BC serves it: at most 100 operations, per-operation statuses inside a 200, a stop at
 * the first failure without isolation, and all-or-nothing with `Isolation: snapshot`.
 */
beforeEach(resetWithCatalogue);

const company = `companies(${COMPANY})`;
const newItem = (number: string) => ({
  method: "POST",
  url: `${company}/items`,
  headers: { "Content-Type": "application/json" },
  body: { number, displayName: number },
});
const badItem = {
  method: "POST",
  url: `${company}/items`,
  headers: { "Content-Type": "application/json" },
  body: { number: "SKU-RED" },
};

async function batch(requests: unknown[], snapshot: boolean) {
  const res = await bc("POST", `${API_ROOT}/$batch`, {
    body: { requests },
    headers: snapshot ? { isolation: "snapshot" } : {},
  });
  return {
    status: res.status,
    json: (await res.json()) as {
      responses?: { status: number; body?: BcErrorBody }[];
    } & Partial<BcErrorBody>,
  };
}

async function itemNumbers(): Promise<string[]> {
  const res = await bc("GET", `${API_ROOT}/${company}/items`);
  const json: { value: { number: string }[] } = await res.json();
  return json.value.map((i) => i.number);
}

describe("JSON $batch", () => {
  it("refuses more than 100 operations the way BC does, and runs 100", async () => {
    const tooMany = await batch(
      Array.from({ length: 101 }, (_, i) => newItem(`N${i}`)),
      true,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error?.message).toMatch(
      /^The current batch message contains too many parts\. A maximum number of '100'/,
    );
    expect(await itemNumbers()).toEqual(["SKU-RED", "SKU-BLUE"]);
    const hundred = await batch(
      Array.from({ length: 100 }, (_, i) => newItem(`N${i}`)),
      true,
    );
    expect(hundred.status).toBe(200);
    expect(hundred.json.responses?.every((r) => r.status === 201)).toBe(true);
  });

  it("rolls a snapshot batch back whole when one operation fails, answering each operation", async () => {
    const result = await batch([newItem("NEW-1"), badItem, newItem("NEW-2")], true);
    expect(result.status).toBe(200);
    expect(result.json.responses?.map((r) => r.status)).toEqual([201, 400]);
    expect(result.json.responses?.[1]?.body?.error.code).toBe("Internal_EntityWithSameKeyExists");
    expect(await itemNumbers()).toEqual(["SKU-RED", "SKU-BLUE"]);
  });

  it("without isolation keeps what succeeded and stops at the first failure", async () => {
    const result = await batch([newItem("NEW-1"), badItem, newItem("NEW-2")], false);
    expect(result.json.responses?.map((r) => r.status)).toEqual([201, 400]);
    expect(await itemNumbers()).toEqual(["SKU-RED", "SKU-BLUE", "NEW-1"]);
  });

  it("counts as one request against the limits and needs a token like every call", async () => {
    const anonymous = await bc("POST", `${API_ROOT}/$batch`, {
      token: "nope",
      body: { requests: [newItem("X")] },
    });
    expect(anonymous.status).toBe(401);
    const t = await token();
    const before: { admitted: number } = await (await control("GET", "/stats")).json();
    await bc("POST", `${API_ROOT}/$batch`, { token: t, body: { requests: [newItem("A"), newItem("B")] } });
    const after: { admitted: number } = await (await control("GET", "/stats")).json();
    expect(after.admitted - before.admitted).toBe(1);
  });
});
