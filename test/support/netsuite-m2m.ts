import ecPrivate from "./keys/netsuite-m2m-ec.pem?raw";
import ecPublic from "./keys/netsuite-m2m-ec.pub.pem?raw";
import rsaPrivate from "./keys/netsuite-m2m-rsa.pem?raw";
import rsaPublic from "./keys/netsuite-m2m-rsa.pub.pem?raw";

/**
 * The OAuth 2.0 M2M integration of the sandbox NetSuite account in tests: a client id (64 hex
 * characters, the shape of NetSuite's) and two certificates made from the local test keys in
 * `keys/` (README there: they belong to no real system). Only test modules import this: the PEMs are
 * read by Vite (`?raw`), which the vitest configs' own loader does not do.
 */
export const TEST_M2M_CLIENT_ID = "6e7d2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615";

export const TEST_M2M_KEYS = {
  PS256: { kid: "mesh-test-rsa", privateKeyPem: rsaPrivate, publicKeyPem: rsaPublic },
  ES256: { kid: "mesh-test-ec", privateKeyPem: ecPrivate, publicKeyPem: ecPublic },
} as const;

export const TEST_M2M_CERTIFICATES = [
  { kid: TEST_M2M_KEYS.PS256.kid, alg: "PS256", publicKeyPem: rsaPublic },
  { kid: TEST_M2M_KEYS.ES256.kid, alg: "ES256", publicKeyPem: ecPublic },
] as const;

/** The sandbox bindings that switch M2M on, to lay over the usual test bindings. */
export const M2M_SANDBOX_BINDINGS = {
  NETSUITE_M2M_CLIENT_ID: TEST_M2M_CLIENT_ID,
  NETSUITE_M2M_CERTIFICATES: JSON.stringify(TEST_M2M_CERTIFICATES),
};

export function m2mCredentials(algorithm: "PS256" | "ES256") {
  return {
    auth: "oauth2_m2m" as const,
    clientId: TEST_M2M_CLIENT_ID,
    certificateId: TEST_M2M_KEYS[algorithm].kid,
    algorithm,
    privateKeyPem: TEST_M2M_KEYS[algorithm].privateKeyPem,
    scopes: ["rest_webservices" as const],
  };
}
