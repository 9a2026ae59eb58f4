import { idsOf, type ModelApi, refuse } from "./model-api";
import type { PlannedLine } from "./sale-lines";

/**
 * Lowers a processing sale's open quantities to the plan: a partial cancellation (some units of a
 * line) or a full one (every line to 0), which Tryton 6.0 cannot express with `cancel` once a sale
 * is processing (sale.sale transitions allow cancel from draft and quotation only). For each goods
 * line whose planned quantity is below Tryton's, the not yet shipped outgoing moves are lowered or
 * deleted (they are draft moves of a waiting shipment), the line's quantity is lowered so the sale
 * does not recreate them, each touched shipment re-syncs its picking moves (`wait`) or is cancelled
 * when it has nothing left, and `process` recomputes the sale's shipment state. Units already
 * shipped cannot be cancelled: that is a business refusal. Raising a quantity once processing is
 * refused too (Tryton would need a new sale). Running it again changes nothing.
 */
export async function reduceOpenQuantities(
  api: ModelApi,
  saleId: number,
  plan: readonly PlannedLine[],
): Promise<void> {
  const [sale] = await api.read("sale.sale", [saleId], ["lines"]);
  const lines = await api.read("sale.line", idsOf(sale?.lines), ["note", "quantity", "moves", "product"]);
  const touched = new Set<number>();
  for (const planned of plan) {
    const line = lines.find((l) => l.note === planned.note);
    if (!line || line.product === null) continue;
    const current = Number(line.quantity);
    if (planned.quantity > current) {
      throw refuse(
        "business",
        `Tryton sale ${saleId} is processing: ${planned.description} cannot go from ${current} to ${planned.quantity}`,
      );
    }
    if (planned.quantity === current) continue;
    const moves = await api.read("stock.move", idsOf(line.moves), [
      "state",
      "quantity",
      "shipment",
      "to_location",
    ]);
    const shipped = moves.filter((m) => m.state === "done").reduce((n, m) => n + Number(m.quantity), 0);
    if (planned.quantity < shipped) {
      throw refuse(
        "business",
        `Tryton sale ${saleId}: ${shipped} of ${planned.description} already shipped, cannot cancel down to ${planned.quantity}`,
      );
    }
    const pending = moves.filter((m) => m.state === "draft");
    let excess = current - planned.quantity;
    if (pending.reduce((n, m) => n + Number(m.quantity), 0) < excess) {
      throw refuse(
        "business",
        `Tryton sale ${saleId}: ${planned.description} is being picked and cannot be cancelled`,
      );
    }
    // The line first: deleting a sale's move makes Tryton process the sale, which would recreate
    // moves for a line still asking for the old quantity.
    await api.write("sale.line", [Number(line.id)], { quantity: planned.quantity });
    for (const move of pending) {
      if (excess <= 0) break;
      const id = Number(move.id);
      const quantity = Number(move.quantity);
      const take = Math.min(quantity, excess);
      if (take === quantity) await api.remove("stock.move", [id]);
      else await api.write("stock.move", [id], { quantity: quantity - take });
      excess -= take;
      const shipment = typeof move.shipment === "string" ? Number(move.shipment.split(",")[1]) : null;
      if (shipment) touched.add(shipment);
    }
  }
  for (const shipment of touched) {
    const [row] = await api.read("stock.shipment.out", [shipment], ["outgoing_moves", "state"]);
    if (idsOf(row?.outgoing_moves).length === 0) await api.button("stock.shipment.out", "cancel", [shipment]);
    else if (row?.state === "waiting") await api.button("stock.shipment.out", "wait", [shipment]);
  }
  await api.button("sale.sale", "process", [saleId]);
}
