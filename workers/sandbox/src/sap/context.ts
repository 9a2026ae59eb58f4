/** Hono environment of the SAP routes: bindings plus what the gate learned about the request. */
export type SapHono = {
  Bindings: SandboxEnv;
  Variables: { outcome: string; user: string };
};

/** The sandbox serves one SAP system, one Durable Object per configured SAP client. */
export function systemOf(env: Pick<SandboxEnv, "SAP" | "SAP_CLIENT">) {
  return env.SAP.getByName(`sap-client-${env.SAP_CLIENT}`);
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export const MODIFYING = new Set(["POST", "PUT", "PATCH", "MERGE", "DELETE"]);

/** The method a request really has: SAP clients tunnel MERGE through POST with `X-HTTP-Method`. */
export function effectiveMethod(request: Request): string {
  const tunneled = request.headers.get("x-http-method")?.toUpperCase();
  return request.method === "POST" && tunneled ? tunneled : request.method;
}

export function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}
