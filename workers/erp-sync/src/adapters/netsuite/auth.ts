import type { ErpConnectionOf } from "../../../../../shared/erp";
import { buildAuthorizationHeader } from "../../../../../shared/oauth1";
import type { AdapterDeps, PushFailure } from "../erp-adapter";
import { m2mAuthorizer } from "./m2m-token";

/**
 * How a request to NetSuite is authorized: TBA signs each request (OAuth 1.0a, HMAC-SHA256, a fresh
 * nonce, over the exact URL fetched); OAuth 2.0 M2M sends a cached bearer token. After a 401 the
 * client asks `renew()` whether fresh credentials could help: for a bearer token they can (it may
 * have expired early), for TBA they cannot.
 */
export type AuthHeader = { ok: true; value: string } | { ok: false; failure: PushFailure };

export interface Authorizer {
  header(method: string, url: string): Promise<AuthHeader>;
  /** Drops the credentials a 401 refused (the header value sent); true when a retry with new ones makes sense. */
  renew(refused: string): boolean;
}

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 20 random alphanumerics, the length of Oracle's example nonce. */
export function newNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => NONCE_ALPHABET.charAt(b % 62)).join(
    "",
  );
}

export function createAuthorizer(
  connection: ErpConnectionOf<"netsuite">,
  baseUrl: string,
  deps: AdapterDeps,
): Authorizer {
  const { credentials, settings } = connection;
  if (credentials.auth === "oauth2_m2m") return m2mAuthorizer(connection, credentials, baseUrl, deps);
  return {
    async header(method, url) {
      const value = await buildAuthorizationHeader({
        method,
        url,
        realm: settings.accountId,
        credentials,
        nonce: newNonce(),
        timestamp: Math.floor(deps.now() / 1000),
      });
      return { ok: true, value };
    },
    renew: () => false,
  };
}
