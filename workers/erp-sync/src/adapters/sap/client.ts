import type { AdapterDeps } from "../erp-adapter";
import { odataUrl, type SapConfig, type SapService, soapUrl } from "./config";
import {
  type CsrfSession,
  cachedSession,
  describeFailure,
  fetchSession,
  forgetSession,
} from "./csrf-session";

/**
 * Calls to one SAP system. Reads carry Basic auth only; changes carry the CSRF token and its session
 * cookies, fetched once and reused, and when SAP answers 403 with `x-csrf-token: Required` (an
 * expired session) the session is fetched again and the change sent once more: a refused change was
 * not processed, so repeating it is safe. Never throws: every call ends in a response or no_response.
 */
export type CallOutcome =
  | { kind: "response"; status: number; headers: Headers; body: string }
  | { kind: "no_response"; timedOut: boolean; message: string };

export interface WriteOptions {
  ifMatch?: string;
  query?: Record<string, string>;
}

export class SapClient {
  constructor(
    private readonly config: SapConfig,
    private readonly deps: AdapterDeps,
  ) {}

  get(service: SapService, resource: string, query: Record<string, string> = {}): Promise<CallOutcome> {
    return this.send(
      new Request(odataUrl(this.config, service, resource, query), { headers: this.headers() }),
    );
  }

  async write(
    method: "POST" | "PATCH" | "PUT" | "DELETE",
    service: SapService,
    resource: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<CallOutcome> {
    const url = odataUrl(this.config, service, resource, options.query);
    const root = odataUrl(this.config, service, "");
    for (const attempt of [1, 2]) {
      const session = cachedSession(this.config) ?? (await this.newSession(root));
      if ("kind" in session) return session;
      const headers = this.headers({ "x-csrf-token": session.token, cookie: session.cookie });
      if (body !== undefined) headers.set("content-type", "application/json");
      if (options.ifMatch) headers.set("if-match", options.ifMatch);
      const outcome = await this.send(
        new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
      );
      const csrfRefused =
        outcome.kind === "response" &&
        outcome.status === 403 &&
        outcome.headers.get("x-csrf-token")?.toLowerCase() === "required";
      if (!csrfRefused || attempt === 2) return outcome;
      forgetSession(this.config);
    }
    return { kind: "no_response", timedOut: false, message: "unreachable" };
  }

  /** SOAP services under /sap/bc/srt authenticate per request and use no CSRF token. */
  soap(xml: string): Promise<CallOutcome> {
    const headers = this.headers({ "content-type": "text/xml; charset=utf-8", accept: "text/xml" });
    return this.send(new Request(soapUrl(this.config), { method: "POST", headers, body: xml }));
  }

  private async newSession(root: string): Promise<CsrfSession | CallOutcome> {
    const fetched = await fetchSession(this.config, this.deps.fetch, root, this.deps.timeoutMs);
    if (fetched.ok) return fetched.session;
    if (fetched.response) return { kind: "response", ...fetched.response };
    return {
      kind: "no_response",
      timedOut: fetched.message.startsWith("no response"),
      message: fetched.message,
    };
  }

  private headers(extra: Record<string, string> = {}): Headers {
    return new Headers({ authorization: this.config.authorization, accept: "application/json", ...extra });
  }

  private async send(request: Request): Promise<CallOutcome> {
    try {
      const response = await this.deps.fetch(
        new Request(request, { signal: AbortSignal.timeout(this.deps.timeoutMs) }),
      );
      return {
        kind: "response",
        status: response.status,
        headers: response.headers,
        body: await response.text(),
      };
    } catch (err) {
      const message = describeFailure(err, this.deps.timeoutMs);
      return { kind: "no_response", timedOut: message.startsWith("no response"), message };
    }
  }
}
