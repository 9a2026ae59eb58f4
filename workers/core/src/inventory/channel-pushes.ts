import type { ChannelPushReport } from "../../../../shared/internal-api";
import { eventForOrderId } from "../events";

/**
 * Logs what a connector did with an inventory command, on the trace of the change that caused it
 * (`GET /v1/traces/{correlationId}` shows reservation, command and push together). Keyed on the
 * command and outcome, so a connector's retry logs nothing new. `propagationMs` is the time from the
 * first change coalesced into the command to the channel holding the quantity.
 */
export async function recordChannelPush(
  db: D1Database,
  report: ChannelPushReport,
  now = Date.now(),
): Promise<void> {
  await eventForOrderId(
    db,
    null,
    {
      eventKey: `${report.commandId}:${report.outcome}`,
      correlationId: report.correlationId,
      type: `inventory.push_${report.outcome}`,
      source: "connector",
      storeId: report.storeId,
      occurredAt: Date.parse(report.at) || now,
      data: {
        commandId: report.commandId,
        sku: report.sku,
        sequence: report.sequence,
        quantity: report.quantity,
        previousQuantity: report.previousQuantity,
        detail: report.detail,
      },
    },
    now,
  ).run();
}
