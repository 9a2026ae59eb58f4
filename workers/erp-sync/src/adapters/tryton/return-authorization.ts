import { formatDecimal } from "../../../../../shared/canonical";
import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { type ModelApi, refuse } from "./model-api";
import { resolveProducts } from "./resolve";
import { goodsNote } from "./sale-lines";
import { meshStamp } from "./stamp";
import { date, decimalText } from "./wire";

/**
 * return_authorization -> a return sale, the Tryton way (what the `sale.return_sale` wizard makes):
 * a sale for the same party whose lines have negative quantities, at the original unit prices,
 * `origin` the original sale, keyed by `reference`. Processing it creates the customer return
 * shipment (stock.shipment.out.return). Its invoice method is `manual`: the credit note comes from
 * the credit_memo document, whose amounts the refund decides.

 */
type Connection = ErpConnectionOf<"tryton">;

export async function pushReturnAuthorization(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"return_authorization">,
  saleId: number,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  let [returnId] = await api.search("sale.sale", [["reference", "=", reference]], 1);
  if (returnId === undefined) {
    const [sale] = await api.read(
      "sale.sale",
      [saleId],
      ["party", "invoice_address", "shipment_address", "warehouse", "number"],
    );
    if (!sale) throw refuse("business", `Tryton has no sale ${saleId}`);
    const products = await resolveProducts(api, connection, skusOf(doc));
    const lines = doc.return.lines.map((line, i) => {
      const orderLine = doc.order.lines.find((l) => l.externalLineId === line.externalLineId);
      const product = products.get(line.sku ?? orderLine?.sku ?? "");
      if (!orderLine || !product)
        throw refuse("validation", `return line ${line.externalLineId} matches no order line with a SKU`);
      return {
        type: "line",
        sequence: i + 1,
        product: product.id,
        unit: product.uom,
        quantity: -line.quantity,
        unit_price: decimalText(formatDecimal(orderLine.unitPrice.amount, doc.order.currency)),
        description: [orderLine.title, line.reason].filter(Boolean).join(" - "),
        note: goodsNote(line.externalLineId),
      };
    });
    [returnId] = await api.create("sale.sale", [
      {
        party: sale.party,
        invoice_address: sale.invoice_address,
        shipment_address: sale.shipment_address,
        warehouse: sale.warehouse,
        origin: `sale.sale,${saleId}`,
        reference,
        description: `Return ${doc.return.rmaNumber ?? doc.return.externalId} of ${sale.number ?? saleId}`,
        sale_date: date(doc.return.authorizedAt),
        invoice_method: "manual",
        shipment_method: "order",
        comment: meshStamp(correlationId),
        lines: [["create", lines]],
      },
    ]);
    if (returnId === undefined) throw refuse("transient", "Tryton created no return sale");
  }
  const [row] = await api.read("sale.sale", [returnId], ["state", "number"]);
  const state = String(row?.state);
  if (state === "draft") await api.button("sale.sale", "quote", [returnId]);
  if (state === "draft" || state === "quotation") await api.button("sale.sale", "confirm", [returnId]);
  if (state === "draft" || state === "quotation" || state === "confirmed")
    await api.button("sale.sale", "process", [returnId]);
  const [after] = await api.read("sale.sale", [returnId], ["number"]);
  return {
    ok: true,
    erpId: String(returnId),
    erpNumber: typeof after?.number === "string" ? after.number : null,
  };
}

export function skusOf(doc: ErpDocumentOf<"return_authorization" | "item_receipt">): string[] {
  return doc.return.lines.flatMap((line) => {
    const sku = line.sku ?? doc.order.lines.find((l) => l.externalLineId === line.externalLineId)?.sku;
    return sku ? [sku] : [];
  });
}
