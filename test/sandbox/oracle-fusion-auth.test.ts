import { beforeEach, describe, expect, it } from "vitest";
import { basic, CRM, control, FSCM, oracle } from "./oracle-fusion-client";

/** Basic auth as Fusion answers it: a bare 401 with its challenge, whatever the reason. */
describe("Oracle Fusion sandbox: Basic auth", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("accepts the integration user's credentials", async () => {
    const res = await oracle("GET", `${FSCM}/salesOrdersForOrderHub`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.oracle.adf.resourcecollection+json");
    expect(await res.json()).toMatchObject({ items: [], count: 0, hasMore: false, limit: 25, offset: 0 });
  });

  it.each([
    ["no header", null, "auth:missing_header"],
    ["a wrong password", basic("mesh.integration", "wrong"), "auth:bad_credentials"],
    ["a wrong user", basic("someone.else", "oracle-test-password"), "auth:bad_credentials"],
    ["a bearer token", "Bearer abc", "auth:malformed_header"],
  ])("refuses %s with 401 and a Basic challenge", async (_label, authorization, outcome) => {
    const res = await oracle("GET", `${CRM}/accounts`, { authorization });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="Oracle Fusion Applications"');
    expect(await res.text()).toBe("");
    const log: { requests: { outcome: string }[] } = await (await control("GET", "/requests")).json();
    expect(log.requests.at(-1)?.outcome).toBe(outcome);
  });

  it("fails every login once the password has expired, and recovers when it is reset", async () => {
    await control("POST", "/settings", { passwordExpired: true });
    expect((await oracle("GET", `${CRM}/accounts`)).status).toBe(401);
    await control("POST", "/settings", { passwordExpired: false });
    expect((await oracle("GET", `${CRM}/accounts`)).status).toBe(200);
    const stats: { refused: { auth: number } } = await (await control("GET", "/stats")).json();
    expect(stats.refused.auth).toBe(1);
  });

  it("has no tokens to expire: tokens/expire answers 404", async () => {
    expect((await control("POST", "/tokens/expire")).status).toBe(404);
  });

  it("keeps control writes behind the control token", async () => {
    const res = await oracleControlWithout();
    expect(res.status).toBe(401);
  });
});

async function oracleControlWithout(): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(
    new Request("https://pod.test/_sandbox/oracle-fusion/reset", { method: "POST" }),
  );
}
