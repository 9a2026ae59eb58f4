import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { idsOf, type ModelApi, refuse } from "./model-api";
import { resolveProducts } from "./resolve";
import { skusOf } from "./return-authorization";

/**
 * item_receipt -> the return shipment the return sale created (return-authorization.ts), marked with the receipt's reference, its incoming moves
 * lowered to the received quantities (the rest stays on the return sale, which recreates them), then
 * `receive` (into the warehouse's input) and `done` (put away into storage: stock goes back). The
 * shipment has no free-text field for the mesh's correlation id; its return sale's comment has one.
 */
type Connection = ErpConnectionOf<"tryton">;

export async function pushItemReceipt(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"item_receipt">,
  returnSaleId: number,
  reference: string,
): Promise<PushSuccess> {
  const [sale] = await api.read("sale.sale", [returnSaleId], ["shipment_returns"]);
  const shipments = await api.read("stock.shipment.out.return", idsOf(sale?.shipment_returns), [
    "state",
    "reference",
    "number",
  ]);
  let shipment = shipments.find((s) => s.reference === reference);
  if (!shipment) {
    shipment = shipments.find((s) => !s.reference && s.state === "draft");
    if (!shipment)
      throw refuse(
        "business",
        `Tryton return sale ${returnSaleId} has no return shipment waiting to be received`,
      );
    await api.write("stock.shipment.out.return", [Number(shipment.id)], { reference });
  }
  const id = Number(shipment.id);
  const state = String(shipment.state);
  if (state === "draft") {
    await limitToReceived(api, connection, doc, id);
    await api.button("stock.shipment.out.return", "receive", [id]);
  }
  if (state === "draft" || state === "received") await api.button("stock.shipment.out.return", "done", [id]);
  return {
    ok: true,
    erpId: String(id),
    erpNumber: typeof shipment.number === "string" ? shipment.number : null,
  };
}

async function limitToReceived(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"item_receipt">,
  shipmentId: number,
) {
  const products = await resolveProducts(api, connection, skusOf(doc));
  const wanted = new Map<number, number>();
  for (const line of doc.return.lines) {
    const sku = line.sku ?? doc.order.lines.find((l) => l.externalLineId === line.externalLineId)?.sku ?? "";
    const product = products.get(sku);
    if (product) wanted.set(product.id, (wanted.get(product.id) ?? 0) + line.receivedQuantity);
  }
  if ([...wanted.values()].every((q) => q === 0))
    throw refuse("validation", "the item receipt receives nothing");
  const [shipment] = await api.read("stock.shipment.out.return", [shipmentId], ["incoming_moves"]);
  const moves = await api.read("stock.move", idsOf(shipment?.incoming_moves), ["product", "quantity"]);
  for (const move of moves) {
    const product = Number(move.product);
    const left = wanted.get(product) ?? 0;
    const quantity = Math.min(left, Number(move.quantity));
    wanted.set(product, left - quantity);
    if (quantity === 0) await api.remove("stock.move", [Number(move.id)]);
    else if (quantity !== Number(move.quantity))
      await api.write("stock.move", [Number(move.id)], { quantity });
  }
}
