/** Hono environment of the Shopify routes: bindings plus the outcome a handler reports for the request log. */
export type ShopifyHono = { Bindings: SandboxEnv; Variables: { outcome: string } };

/** A shop's permanent domain, `<name>.myshopify.com`; locally it is a path segment, not the host. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;

/** Admin API versions are `YYYY-01|04|07|10`, or `unstable`. */
export const API_VERSION = /^(?:\d{4}-(?:01|04|07|10)|unstable)$/;

/** One Durable Object per shop, named by its domain. */
export function shopOf(env: Pick<SandboxEnv, "SHOPIFY">, shop: string) {
  return env.SHOPIFY.getByName(shop);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
