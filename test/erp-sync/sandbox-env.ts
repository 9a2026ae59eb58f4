import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app as sandboxApp } from "../../workers/sandbox/src/app";
import { SANDBOX_TEST_BINDINGS } from "../support/netsuite-credentials";

/**
 * The real sandbox, in-process: its Hono app over the Durable Objects this test worker hosts.
 * `sandboxFetch` is what an adapter gets instead of the network; like a real fetch it rejects when the
 * request's signal aborts (the adapter's timeout), whatever the server is doing.
 */
export function sandboxEnv(): SandboxEnv {
  return {
    ...SANDBOX_TEST_BINDINGS,
    NETSUITE: env.NETSUITE,
    BUSINESS_CENTRAL: env.BUSINESS_CENTRAL,
    SAP: env.SAP,
    ORACLE_FUSION: env.ORACLE_FUSION,
    SHOPIFY: env.SHOPIFY,
  };
}

/** Every request an adapter sent, as `METHOD url`, for tests that count calls. */
export const sandboxRequests: string[] = [];

export function sandboxFetch(request: Request): Promise<Response> {
  sandboxRequests.push(`${request.method} ${request.url}`);
  const { signal } = request;
  const answer = Promise.resolve(sandboxApp.fetch(request, sandboxEnv(), createExecutionContext()));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    answer.then(resolve, reject);
  });
}

/** A sandbox request outside any adapter (control routes), answered in-process. */
export function sandboxRequest(request: Request): Promise<Response> {
  return Promise.resolve(sandboxApp.fetch(request, sandboxEnv(), createExecutionContext()));
}
