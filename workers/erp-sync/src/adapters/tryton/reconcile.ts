import type { ModelApi } from "./model-api";

/**
 * Reconciles move lines through Tryton's own wizard (`account.move.reconcile_lines`, the client's
 * "Reconcile Lines" action): `create` opens a wizard session, `execute(session, {}, "start")` with
 * the lines as active records reconciles them when they balance, `delete` closes the session.
 * Reconciling an invoice's lines makes Tryton mark it paid.
 */
export async function reconcileLines(api: ModelApi, lineIds: readonly number[]): Promise<void> {
  if (lineIds.length < 2) return;
  const rows = await api.read("account.move.line", lineIds, ["reconciliation"]);
  if (rows.every((r) => r.reconciliation !== null)) return;
  const created = await api.call("wizard.account.move.reconcile_lines.create", []);
  const session = Array.isArray(created) ? created[0] : null;
  if (typeof session !== "number") return;
  const active = { active_model: "account.move.line", active_id: lineIds[0], active_ids: [...lineIds] };
  await api.call("wizard.account.move.reconcile_lines.execute", [session, {}, "start"], active);
  await api.call("wizard.account.move.reconcile_lines.delete", [session]);
}
