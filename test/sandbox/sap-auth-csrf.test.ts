import { beforeEach, describe, expect, it } from "vitest";
import { BASIC, control, fetchSession, ODATA, records, salesOrderBody, sap, write } from "./sap-client";

const ORDERS = `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrder`;

describe("sandbox SAP: Basic authentication and CSRF", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("refuses a missing or wrong Basic login with SAP's 401 logon error", async () => {
    const anonymous = await sap("GET", ORDERS, { headers: { authorization: "" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(
      'Basic realm="SAP NetWeaver Application Server [SBX/100]"',
    );
    expect(await anonymous.text()).toContain("Logon failed");
    const wrong = await sap("GET", ORDERS, {
      headers: { authorization: `Basic ${btoa("MESH_COMM_USER:nope")}` },
    });
    expect(wrong.status).toBe(401);
    const otherClient = await sap("GET", `${ORDERS}?sap-client=200`);
    expect(otherClient.status).toBe(401);
    expect((await sap("GET", `${ORDERS}?sap-client=100`)).status).toBe(200);
    const stats: { refused: { auth: number } } = await (await control("GET", "/stats")).json();
    expect(stats.refused.auth).toBe(3);
  });

  it("hands out a token with the session cookies on x-csrf-token: Fetch (HEAD or GET)", async () => {
    const head = await sap("HEAD", `${ODATA}/API_SALES_ORDER_SRV/`, { headers: { "x-csrf-token": "Fetch" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-csrf-token")).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const cookies = head.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("SAP_SESSIONID_SBX_100="))).toBe(true);
    expect(cookies).toContain("sap-usercontext=sap-client=100; path=/");
    const get = await sap("GET", ORDERS, { headers: { "x-csrf-token": "fetch" } });
    expect(get.headers.get("x-csrf-token")).toBeTruthy();
    expect(BASIC.startsWith("Basic ")).toBe(true);
  });

  it("accepts a change only with the token and its session cookie", async () => {
    const session = await fetchSession();
    const noToken = await sap("POST", ORDERS, { body: salesOrderBody() });
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get("x-csrf-token")).toBe("Required");
    expect(await noToken.text()).toBe("CSRF token validation failed");
    const tokenWithoutCookie = await sap("POST", ORDERS, {
      headers: { "x-csrf-token": session.token },
      body: salesOrderBody(),
    });
    expect(tokenWithoutCookie.status).toBe(403);
    const other = await fetchSession();
    const crossed = await write(
      "POST",
      ORDERS,
      { token: session.token, cookie: other.cookie },
      salesOrderBody(),
    );
    expect(crossed.status).toBe(403);
    expect(await records()).toHaveLength(0);
    expect((await write("POST", ORDERS, session, salesOrderBody())).status).toBe(201);
  });

  it("refuses every token once the sandbox expires its sessions", async () => {
    const session = await fetchSession();
    expect((await control("POST", "/tokens/expire")).status).toBe(200);
    const stale = await write("POST", ORDERS, session, salesOrderBody());
    expect(stale.status).toBe(403);
    expect(stale.headers.get("x-csrf-token")).toBe("Required");
    const fresh = await fetchSession();
    expect(fresh.token).not.toBe(session.token);
    expect((await write("POST", ORDERS, fresh, salesOrderBody())).status).toBe(201);
  });

  it("needs no CSRF token for the journal entry SOAP service", async () => {
    const res = await sap(
      "POST",
      "https://my123456-api.s4hana.cloud.sap/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi",
      {
        headers: { "content-type": "text/xml" },
        body: "<not-a-soap-message/>",
      },
    );
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("<faultcode>soap-env:Client</faultcode>");
  });
});
