import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { idsOf, type ModelApi, refuse } from "./model-api";
import { resolveProducts } from "./resolve";
import { trackingNotes } from "./tracking";

/**
 * fulfillment -> the customer shipment (stock.shipment.out) the sale created, marked with our
 * `reference`. The first push takes the sale's open shipment, writes the reference, lowers its
 * picking moves to the fulfilled quantities (units not shipped now stay on the sale, which creates
 * a new shipment for them when this one is done) and runs assign_try, pick, pack and done. A retry
 * finds the shipment by reference and carries on from its state. Tracking numbers become notes on
 * the shipment (ir.note): Tryton 6.0's stock module has no tracking field, nor any free-text field
 * for the mesh's correlation id (its sale's comment has the order's).
 */
const OPEN = ["draft", "waiting", "assigned", "picked", "packed"];

export async function pushFulfillment(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  doc: ErpDocumentOf<"fulfillment">,
  saleId: number,
  reference: string,
): Promise<PushSuccess> {
  const [sale] = await api.read("sale.sale", [saleId], ["shipments"]);
  const shipments = await api.read("stock.shipment.out", idsOf(sale?.shipments), [
    "state",
    "reference",
    "number",
  ]);
  let shipment = shipments.find((s) => s.reference === reference);
  if (!shipment) {
    shipment = shipments.find((s) => !s.reference && OPEN.includes(String(s.state)));
    if (!shipment)
      throw refuse(
        "business",
        `Tryton sale ${saleId} has no open shipment for fulfillment ${doc.fulfillment.externalId}`,
      );
  }
  const id = Number(shipment.id);
  let state = String(shipment.state);
  if (state === "draft") {
    await api.button("stock.shipment.out", "wait", [id]);
    state = "waiting";
  }
  if (state === "waiting") {
    // Checked before anything is written: a refused fulfilment leaves the shipment as it was.
    const changes = await pickingChanges(api, connection, doc, id);
    if (shipment.reference !== reference) await api.write("stock.shipment.out", [id], { reference });
    for (const change of changes) {
      if (change.quantity === 0) await api.remove("stock.move", [change.move]);
      else await api.write("stock.move", [change.move], { quantity: change.quantity });
    }
    const assigned = await api.button("stock.shipment.out", "assign_try", [id]);
    if (assigned !== true)
      throw refuse("business", `Tryton could not reserve the stock for shipment ${shipment.number ?? id}`);
    state = "assigned";
  }
  if (state === "assigned") await api.button("stock.shipment.out", "pick", [id]);
  if (state === "assigned" || state === "picked") await api.button("stock.shipment.out", "pack", [id]);
  await trackingNotes(api, `stock.shipment.out,${id}`, doc.fulfillment.packages);
  if (state !== "done") await api.button("stock.shipment.out", "done", [id]);
  return {
    ok: true,
    erpId: String(id),
    erpNumber: typeof shipment.number === "string" ? shipment.number : null,
  };
}

/** How the picking moves must change so the shipment carries what this fulfilment ships. */
async function pickingChanges(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  doc: ErpDocumentOf<"fulfillment">,
  shipmentId: number,
): Promise<{ move: number; quantity: number }[]> {
  const skuOf = new Map(doc.order.lines.map((l) => [l.externalLineId, l.sku]));
  const wanted = new Map<number, number>();
  const skus = doc.fulfillment.lines.map((l) => l.sku ?? skuOf.get(l.externalLineId) ?? null);
  const products = await resolveProducts(
    api,
    connection,
    skus.filter((s): s is string => s !== null),
  );
  doc.fulfillment.lines.forEach((line, i) => {
    const product = products.get(skus[i] ?? "");
    if (!product) throw refuse("validation", `fulfillment line ${line.externalLineId} has no SKU`);
    wanted.set(product.id, (wanted.get(product.id) ?? 0) + line.quantity);
  });
  const [shipment] = await api.read("stock.shipment.out", [shipmentId], ["inventory_moves"]);
  const moves = await api.read("stock.move", idsOf(shipment?.inventory_moves), ["product", "quantity"]);
  const changes: { move: number; quantity: number }[] = [];
  for (const move of moves) {
    const product = Number(move.product);
    const left = wanted.get(product) ?? 0;
    const quantity = Math.min(left, Number(move.quantity));
    wanted.set(product, left - quantity);
    if (quantity !== Number(move.quantity)) changes.push({ move: Number(move.id), quantity });
  }
  for (const [product, left] of wanted) {
    if (left > 0)
      throw refuse(
        "business",
        `Tryton shipment ${shipmentId} has ${left} fewer of product ${product} open than the fulfillment ships`,
      );
  }
  return changes;
}
