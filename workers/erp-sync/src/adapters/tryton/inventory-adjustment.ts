import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { type ModelApi, refuse } from "./model-api";
import { resolveProducts, resolveWarehouse } from "./resolve";
import { date } from "./wire";

/**
 * inventory_adjustment -> an internal shipment (stock.shipment.internal) between the warehouse's
 * lost-and-found and its storage: found units come in from lost-and-found, lost or damaged units go
 * out to it, which is where Tryton's own inventories book differences. A shipment, not a bare move,
 * because it carries a `reference` (the key) and creates its move in the same call; a
 * stock.inventory would set an absolute count and could undo a concurrent sale. wait, assign_try
 * and done follow; a removal beyond the stock on hand cannot be reserved and is a business refusal.
 * Neither the shipment nor its move has a free-text field for the mesh's correlation id.
 */
export async function pushInventoryAdjustment(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  doc: ErpDocumentOf<"inventory_adjustment">,
  reference: string,
): Promise<PushSuccess> {
  const adj = doc.adjustment;
  let [id] = await api.search("stock.shipment.internal", [["reference", "=", reference]], 1);
  if (id === undefined) {
    const warehouse = await resolveWarehouse(api, connection, adj.locationId);
    const product = (await resolveProducts(api, connection, [adj.sku])).get(adj.sku);
    if (!product) throw refuse("business", `Tryton has no product for SKU ${adj.sku}`);
    const [from, to] =
      adj.quantityDelta > 0
        ? [warehouse.lostFound, warehouse.storage]
        : [warehouse.storage, warehouse.lostFound];
    const when = date(adj.occurredAt);
    [id] = await api.create("stock.shipment.internal", [
      {
        reference,
        from_location: from,
        to_location: to,
        planned_date: when,
        planned_start_date: when,
        effective_date: when,
        moves: [
          [
            "create",
            [
              {
                product: product.id,
                uom: product.uom,
                quantity: Math.abs(adj.quantityDelta),
                from_location: from,
                to_location: to,
              },
            ],
          ],
        ],
      },
    ]);
    if (id === undefined) throw refuse("transient", "Tryton created no internal shipment");
  }
  const [row] = await api.read("stock.shipment.internal", [id], ["state", "number"]);
  const state = String(row?.state);
  if (state === "draft") await api.button("stock.shipment.internal", "wait", [id]);
  if (state === "draft" || state === "waiting") {
    const assigned = await api.button("stock.shipment.internal", "assign_try", [id]);
    if (assigned !== true)
      throw refuse("business", `Tryton cannot remove ${-adj.quantityDelta} of ${adj.sku}: not enough stock`);
  }
  if (state !== "done") await api.button("stock.shipment.internal", "done", [id]);
  return { ok: true, erpId: String(id), erpNumber: typeof row?.number === "string" ? row.number : null };
}
