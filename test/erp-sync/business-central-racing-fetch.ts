import { bcConnection, records, SANDBOX_ORIGIN } from "./business-central-harness";
import { sandboxFetch } from "./sandbox-env";

/**
 * A fetch for the adapter that lets someone else (a person in BC) change the order's first line just
 * before each of the adapter's first `times` $batch requests, so the batch meets a stale etag.
 */
export function racingFetch(times: number) {
  let raced = 0;
  return async (request: Request) => {
    if (request.url.endsWith("/$batch") && raced < times) {
      raced += 1;
      const line = (await records("salesOrderLines"))[0];
      const token: { access_token: string } = await (
        await sandboxFetch(
          new Request(`${SANDBOX_ORIGIN}/${bcConnection().settings.tenantId}/oauth2/v2.0/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              grant_type: "client_credentials",
              client_id: bcConnection().credentials.clientId,
              client_secret: bcConnection().credentials.clientSecret,
              scope: "https://api.businesscentral.dynamics.com/.default",
            }).toString(),
          }),
        )
      ).json();
      const company = `${SANDBOX_ORIGIN}/v2.0/${bcConnection().settings.tenantId}/${bcConnection().settings.environment}/api/v2.0/companies(${bcConnection().settings.companyId})`;
      await sandboxFetch(
        new Request(`${company}/salesOrderLines(${line?.id})`, {
          method: "PATCH",
          headers: {
            authorization: `Bearer ${token.access_token}`,
            "if-match": "*",
            "content-type": "application/json",
          },
          body: JSON.stringify({ description: `edited by a person ${raced}` }),
        }),
      );
    }
    return sandboxFetch(request);
  };
}
