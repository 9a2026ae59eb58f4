import { bcApi, documentLines } from "./business-central-harness";
import { sandboxFetch } from "./sandbox-env";

/**
 * A fetch for the adapter that lets someone else (a person in BC) change the order's first item line
 * just before each of the adapter's first `times` $batch requests, so the batch meets a stale etag.
 */
export function racingFetch(times: number) {
  let raced = 0;
  return async (request: Request) => {
    if (request.url.endsWith("/$batch") && raced < times) {
      raced += 1;
      const line = (await documentLines("salesOrderLines"))[0];
      await bcApi("PATCH", `salesOrderLines(${line?.id})`, {
        body: { description: `edited by a person ${raced}` },
        ifMatch: "*",
      });
    }
    return sandboxFetch(request);
  };
}
