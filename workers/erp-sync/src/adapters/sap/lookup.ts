import type { PushFailure } from "../erp-adapter";
import { failureOf } from "./classify";
import type { SapClient } from "./client";
import type { SapService } from "./config";
import { type Entity, literal, resultsOf } from "./odata";

/**
 * Finds the document that already carries our reference: `GET <set>?$filter=<field> eq '<ref>'`.
 * Runs before every create, so a retry after a lost response finds what the first attempt made.
 * More than one match means SAP already holds duplicates we cannot choose between: parked as such.
 */
export type Found = { ok: true; entity: Entity | null } | PushFailure;

export async function findByReference(
  client: SapClient,
  service: SapService,
  set: string,
  field: string,
  reference: string,
  options: { expand?: string; extraFilter?: string; now: number },
): Promise<Found> {
  const filter = [`${field} eq ${literal(reference)}`, options.extraFilter].filter(Boolean).join(" and ");
  const outcome = await client.get(service, set, {
    $filter: filter,
    $top: "2",
    ...(options.expand ? { $expand: options.expand } : {}),
  });
  const results = resultsOf(outcome);
  if (outcome.kind === "no_response" || (outcome.kind === "response" && outcome.status !== 200) || !results) {
    return failureOf(outcome, options.now, `looking up ${set} by ${field}`);
  }
  if (results.length > 1) {
    return {
      ok: false,
      errorClass: "duplicate",
      httpStatus: 200,
      message: `SAP holds ${results.length} ${set} documents with ${field} '${reference}'`,
      detail: null,
    };
  }
  return { ok: true, entity: results[0] ?? null };
}
