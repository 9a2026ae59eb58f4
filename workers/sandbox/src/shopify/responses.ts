/**
 * Shopify's answers that do not come from GraphQL execution: JSON bodies with Shopify's texts where
 * they are known (README lists which are verified).
 */
const JSON_TYPE = "application/json; charset=utf-8";

export function shopifyJson(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", JSON_TYPE);
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: h });
}

/** A missing or wrong `X-Shopify-Access-Token`. */
export function invalidToken(): Response {
  return shopifyJson(401, {
    errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
  });
}

/** An unknown shop, API version or path. */
export function notFound(): Response {
  return shopifyJson(404, { errors: "Not Found" });
}

/** A body without a usable `query`. */
export function missingQuery(): Response {
  return shopifyJson(400, { errors: { query: "Required parameter missing or invalid" } });
}

/** Shopify's internal error, here with the fault's 5xx status. */
export function internalError(status: number): Response {
  const requestId = crypto.randomUUID();
  return shopifyJson(status, {
    errors: [
      {
        message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      },
    ],
  });
}
