import type { RequestIdVariables } from "hono/request-id";
import type { Scope } from "./scopes";

/** Who is calling: the admin key or one row of `api_keys`. */
export interface Principal {
  /** `admin` for the ADMIN_API_KEY secret, else the `api_keys.id`. */
  keyId: string;
  scopes: readonly Scope[];
}

export type ApiVariables = RequestIdVariables & {
  /** Set by the auth middleware on every `/v1/*` route except the OpenAPI document. */
  principal: Principal;
};

/** The Hono environment of the governed API. */
export interface ApiEnv {
  Bindings: CoreEnv;
  Variables: ApiVariables;
}
