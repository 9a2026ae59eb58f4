import { expect } from "vitest";
import type { OutboxClaim } from "../../shared/internal-api";
import { losingAnswerOf, trytonAdapter } from "./support";

/**
 * The three ways a claim reaches the adapter more than once, against the real trytond: its answer
 * lost after trytond committed the write named by `committedWrite` (the adapter sees a network
 * failure: a transient, unless the adapter found the committed record again within the same push),
 * then pushed again, pushed a third time, and replayed as a new claim
 * carrying the ERP id. Every push after the lost one must name the same record; the caller then
 * counts the records Tryton holds under the document's key.
 */
export async function pushUntilExactlyOnce(claim: OutboxClaim, committedWrite: RegExp): Promise<string> {
  const losing = losingAnswerOf(committedWrite);
  const lost = await trytonAdapter({ fetch: losing.fetch }).push(claim);
  expect(losing.dropped(), JSON.stringify(lost)).toBe(true);
  if (!lost.ok) expect(lost).toMatchObject({ errorClass: "transient", httpStatus: null });

  const retried = await trytonAdapter().push(claim);
  if (!retried.ok) throw new Error(`retry failed: ${retried.message} ${retried.detail ?? ""}`);
  const again = await trytonAdapter().push(claim);
  const replayed = await trytonAdapter().push({ ...claim, id: `${claim.id}_replay`, erpId: retried.erpId });
  if (lost.ok) expect(lost.erpId).toBe(retried.erpId);
  expect(again).toMatchObject({ ok: true, erpId: retried.erpId });
  expect(replayed).toMatchObject({ ok: true, erpId: retried.erpId });
  return retried.erpId;
}
