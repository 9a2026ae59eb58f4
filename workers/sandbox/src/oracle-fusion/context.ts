/** Hono environment of the Fusion routes: bindings plus the outcome a handler reports for the request log. */
export type OracleHono = { Bindings: SandboxEnv; Variables: { outcome: string } };

/** The sandbox serves one pod. */
export function podOf(env: Pick<SandboxEnv, "ORACLE_FUSION">) {
  return env.ORACLE_FUSION.getByName("pod");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
