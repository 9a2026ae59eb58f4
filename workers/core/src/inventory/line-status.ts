/**
 * One word for an order, shown in the API: the weakest state of its tracked lines. Held and committed
 * lines count as reserved (their stock is promised or gone); backordered lines count as short.
 */
export function summarizeStatuses(statuses: string[]): string {
  const tracked = statuses
    .filter((s) => s !== "not_tracked")
    .map((s) => (s === "held" || s === "committed" ? "reserved" : s === "backordered" ? "short" : s));
  if (tracked.length === 0) return "not_tracked";
  if (tracked.every((s) => s === "released")) return "released";
  const open = tracked.filter((s) => s !== "released");
  if (open.every((s) => s === "reserved")) return "reserved";
  if (open.some((s) => s === "short")) return open.some((s) => s === "reserved") ? "partial" : "short";
  return "untracked";
}

/** `summarizeStatuses` in SQL, over an order's stored lines: for statements that run inside D1. */
export const ORDER_RESERVATION_STATE_SQL = `(SELECT CASE
    WHEN COALESCE(SUM(s <> 'not_tracked'), 0) = 0 THEN 'not_tracked'
    WHEN COALESCE(SUM(s NOT IN ('not_tracked', 'released')), 0) = 0 THEN 'released'
    WHEN COALESCE(SUM(s NOT IN ('not_tracked', 'released', 'reserved', 'held', 'committed')), 0) = 0 THEN 'reserved'
    WHEN COALESCE(SUM(s IN ('short', 'backordered')), 0) > 0 THEN
      CASE WHEN COALESCE(SUM(s IN ('reserved', 'held', 'committed')), 0) > 0 THEN 'partial' ELSE 'short' END
    ELSE 'untracked' END
  FROM (SELECT reservation_status AS s FROM order_lines WHERE order_id = orders.id))`;
