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
