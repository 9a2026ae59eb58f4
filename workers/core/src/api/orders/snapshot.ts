import { Order } from "../../../../../shared/canonical";

/** The parts of the canonical order snapshot the detail view shows. */
const SnapshotView = Order.pick({ totals: true, customer: true, shippingAddress: true, payments: true });

/**
 * Reads the order's canonical snapshot. Core writes it from a validated Order, so a snapshot that
 * does not parse is a bug worth a 500 and a log line, not a partial answer.
 */
export function readSnapshot(orderId: string, snapshot: string) {
  let json: unknown;
  try {
    json = JSON.parse(snapshot);
  } catch {
    throw new Error(`order ${orderId} has a snapshot that is not JSON`);
  }
  const parsed = SnapshotView.safeParse(json);
  if (!parsed.success) throw new Error(`order ${orderId} has a snapshot that is not a canonical order`);
  return parsed.data;
}
