/** Hono environment of the NetSuite routes: bindings plus the outcome a handler reports for the request log. */
export type NetSuiteHono = { Bindings: SandboxEnv; Variables: { outcome: string } };

/** The single account object: the sandbox serves one NetSuite account, named by its account id. */
export function accountOf(env: Pick<SandboxEnv, "NETSUITE" | "NETSUITE_ACCOUNT_ID">) {
  return env.NETSUITE.getByName(env.NETSUITE_ACCOUNT_ID);
}

export function concurrencyLimit(env: Pick<SandboxEnv, "NETSUITE_CONCURRENCY_LIMIT">): number {
  const limit = Number.parseInt(env.NETSUITE_CONCURRENCY_LIMIT, 10);
  return Number.isInteger(limit) && limit > 0 ? limit : 5;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
