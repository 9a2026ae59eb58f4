import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import {
  importPrivateKey,
  type M2mAlgorithm,
  signJwt,
} from "../../workers/erp-sync/src/adapters/netsuite/m2m-assertion";
import { app } from "../../workers/sandbox/src/app";
import { M2M_SANDBOX_BINDINGS, TEST_M2M_CLIENT_ID, TEST_M2M_KEYS } from "../support/netsuite-m2m";
import { ORIGIN } from "./netsuite-client";

/**
 * The sandbox with its M2M integration configured (the default test bindings leave it off), and
 * client assertions signed with the test keys, any part of which a test may spoil.
 */
export const TOKEN_URL = `${ORIGIN}/services/rest/auth/oauth2/v1/token`;

export function m2mFetch(request: Request): Promise<Response> {
  const bindings = { ...env, ...M2M_SANDBOX_BINDINGS };
  return Promise.resolve(app.fetch(request, bindings, createExecutionContext()));
}

export interface AssertionParts {
  alg?: M2mAlgorithm;
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** Sign with the other algorithm's key than the header says (a signature that cannot verify). */
  signWith?: M2mAlgorithm;
}

export async function assertion(parts: AssertionParts = {}): Promise<string> {
  const alg = parts.alg ?? "PS256";
  const signer = parts.signWith ?? alg;
  const now = Math.floor(Date.now() / 1000);
  const key = await importPrivateKey(TEST_M2M_KEYS[signer].privateKeyPem, signer);
  return signJwt(
    { typ: "JWT", alg, kid: TEST_M2M_KEYS[alg].kid, ...parts.header },
    {
      iss: TEST_M2M_CLIENT_ID,
      scope: "rest_webservices",
      aud: TOKEN_URL,
      iat: now,
      exp: now + 300,
      ...parts.payload,
    },
    key,
    signer,
  );
}

export function tokenRequest(clientAssertion: string, overrides: Record<string, string> = {}): Request {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: clientAssertion,
    ...overrides,
  });
  return new Request(TOKEN_URL, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
}

export async function accessToken(alg: M2mAlgorithm = "PS256"): Promise<string> {
  const res = await m2mFetch(tokenRequest(await assertion({ alg })));
  const json: { access_token: string } = await res.json();
  return json.access_token;
}

export function bearer(method: string, url: string, token: string, body?: unknown): Request {
  return new Request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
