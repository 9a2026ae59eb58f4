import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { type ModelApi, type Row, refuse } from "./model-api";
import { resolveParty, resolveProducts, resolveWarehouse } from "./resolve";
import { type PlannedLine, planSaleLines } from "./sale-lines";
import { reduceOpenQuantities } from "./sale-reduce";
import { meshStamp } from "./stamp";
import { date, decimalText } from "./wire";

/**
 * sales_order -> sale.sale, found by `reference` before anything is created. A new order is created
 * as a draft with all its lines in one call, then quoted, confirmed and processed (Tryton's
 * workflow: processing creates the customer shipment). Each step looks at the state first, so a
 * retry after a lost response resumes where the first attempt stopped. An order whose payment is
 * still pending stays a draft (our convention: no stock is committed until payment is secured) and
 * is rewritten by updates. Once processing, updates may only lower open quantities (a partial or
 * full cancellation, see sale-reduce.ts); a cancelled draft or quotation uses Tryton's `cancel`.
 * Invoices follow shipments (`invoice_method: shipment`).
 */
type Connection = ErpConnectionOf<"tryton">;

// sale_stock_quantity warns when a line exceeds forecast stock; the channel has already sold it.
const STOCK_WARNING = /^stock_quantity_warning_/;

export async function pushSalesOrder(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"sales_order">,
  customerRef: string | null,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  const order = doc.order;
  const plan = planSaleLines(order);
  let [saleId] = await api.search("sale.sale", [["reference", "=", reference]], 1);
  const created = saleId === undefined;
  if (saleId === undefined)
    saleId = await createSale(api, connection, doc, customerRef, { reference, correlationId }, plan);
  let state = await stateOf(api, saleId);

  if (order.status === "cancelled" && (state === "draft" || state === "quotation")) {
    await api.button("sale.sale", "cancel", [saleId]);
    return done(api, saleId);
  }
  if (state === "draft" || state === "quotation") {
    if (state === "quotation") await api.button("sale.sale", "draft", [saleId]);
    if (!created) await rewriteLines(api, connection, saleId, plan);
    state = "draft";
    if (order.financialStatus === "pending") return done(api, saleId);
    await api.buttonPastWarnings("sale.sale", "quote", [saleId], STOCK_WARNING);
    state = "quotation";
  }
  if (state === "quotation") await api.button("sale.sale", "confirm", [saleId]);
  if (state === "quotation" || state === "confirmed") await api.button("sale.sale", "process", [saleId]);
  if (state === "processing" || state === "done") await reduceOpenQuantities(api, saleId, plan);
  return done(api, saleId);
}

async function stateOf(api: ModelApi, saleId: number): Promise<string> {
  const [row] = await api.read("sale.sale", [saleId], ["state"]);
  return String(row?.state);
}

async function done(api: ModelApi, saleId: number): Promise<PushSuccess> {
  const [row] = await api.read("sale.sale", [saleId], ["number"]);
  return { ok: true, erpId: String(saleId), erpNumber: typeof row?.number === "string" ? row.number : null };
}

async function createSale(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"sales_order">,
  customerRef: string | null,
  { reference, correlationId }: { reference: string; correlationId: string },
  plan: readonly PlannedLine[],
): Promise<number> {
  const order = doc.order;
  const party = customerRef ? Number(customerRef) : await defaultCustomer(api, connection, order.channel);
  const [partyRow] = await api.read("party.party", [party], ["addresses"]);
  const address = Array.isArray(partyRow?.addresses) ? partyRow.addresses[0] : undefined;
  if (address === undefined) throw refuse("business", `Tryton party ${party} has no address for the sale`);
  const warehouse = await resolveWarehouse(api, connection, null);
  const [id] = await api.create("sale.sale", [
    {
      party,
      invoice_address: address,
      shipment_address: address,
      warehouse: warehouse.id,
      reference,
      description: `${order.channel} order ${order.orderNumber}`.slice(0, 200),
      sale_date: date(order.placedAt),
      invoice_method: "shipment",
      shipment_method: "order",
      comment: meshStamp(correlationId, order.note),
      lines: [["create", await lineValues(api, connection, plan)]],
    },
  ]);
  if (id === undefined) throw refuse("transient", "Tryton created no sale");
  return id;
}

async function defaultCustomer(api: ModelApi, connection: Connection, channel: string): Promise<number> {
  const target =
    connection.mappings.defaultCustomer[channel as keyof typeof connection.mappings.defaultCustomer];
  if (!target)
    throw refuse("validation", `no customer for the order and no default_customer mapping for ${channel}`);
  const id = await resolveParty(api, target);
  if (id === null)
    throw refuse("validation", `default_customer mapping ${channel} names no Tryton party ${target}`);
  return id;
}

async function lineValues(
  api: ModelApi,
  connection: Connection,
  plan: readonly PlannedLine[],
): Promise<Row[]> {
  const skus = plan.flatMap((l) => (l.sku ? [l.sku] : []));
  const products = await resolveProducts(api, connection, skus);
  return plan.map((l, i) => {
    const product = l.sku ? products.get(l.sku) : undefined;
    return {
      type: "line",
      sequence: i + 1,
      ...(product ? { product: product.id, unit: product.uom } : {}),
      quantity: l.quantity,
      unit_price: decimalText(l.unitPrice),
      description: l.description,
      note: l.note,
    };
  });
}

/** A draft's lines replaced by the current plan: deleting draft lines is allowed, and one write does it. */
async function rewriteLines(
  api: ModelApi,
  connection: Connection,
  saleId: number,
  plan: readonly PlannedLine[],
) {
  const [row] = await api.read("sale.sale", [saleId], ["lines"]);
  const existing = Array.isArray(row?.lines) ? row.lines : [];
  await api.write("sale.sale", [saleId], {
    lines: [
      ["delete", existing],
      ["create", await lineValues(api, connection, plan)],
    ],
  });
}
