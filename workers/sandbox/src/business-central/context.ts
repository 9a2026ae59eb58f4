/** Hono environment of the Business Central routes: bindings plus what the gate tells the handlers. */
export type BcHono = {
  Bindings: SandboxEnv;
  Variables: { outcome: string };
};

/** The single tenant object: the sandbox serves one BC tenant, named by its Entra tenant id. */
export function tenantOf(env: Pick<SandboxEnv, "BUSINESS_CENTRAL" | "BC_TENANT_ID">) {
  return env.BUSINESS_CENTRAL.getByName(env.BC_TENANT_ID);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The scope a client-credentials token for Business Central must ask for. */
export const BC_SCOPE = "https://api.businesscentral.dynamics.com/.default";
