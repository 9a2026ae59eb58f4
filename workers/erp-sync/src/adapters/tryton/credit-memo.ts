import { formatDecimal } from "../../../../../shared/canonical";
import type { ErpConnectionOf, ErpDocumentOf, ErpRefs } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { journalByType } from "./account-move";
import { idsOf, type ModelApi, type Row, refuse } from "./model-api";
import { receivableOf, resolveAccount, resolveProducts, revenueOf } from "./resolve";
import { meshStamp } from "./stamp";
import { date, decimal, decimalText } from "./wire";

/**
 * credit_memo -> a customer credit note: account.invoice of type `out` whose total is negative
 * (Tryton 6.0 has no separate credit-note type), keyed by `reference`, posted. Goods lines carry
 * the product at negative quantity, linked (`origin`) to the return sale's line when the refund
 * follows a return, so the return sale lists the credit note among its invoices. Tax, shipping and
 * the adjustment are lines without a product (shipping_income and refunds mappings; the revenue
 * default for tax and when unmapped). A line whose amount does not divide by its
 * quantity is one line of quantity -1 for the whole amount, so every total is exact to the cent.
 */
export async function pushCreditMemo(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  doc: ErpDocumentOf<"credit_memo">,
  refs: ErpRefs,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  let [id] = await api.search(
    "account.invoice",
    [
      ["reference", "=", reference],
      ["type", "=", "out"],
    ],
    1,
  );
  if (id === undefined) {
    const saleRef = refs.return_authorization ?? refs.sales_order;
    if (!saleRef)
      throw refuse(
        "validation",
        "credit_memo needs the Tryton id of its return authorization or sales order",
      );
    const saleId = Number(saleRef);
    const [sale] = await api.read(
      "sale.sale",
      [saleId],
      ["party", "invoice_address", "currency", "lines", "number"],
    );
    if (!sale) throw refuse("business", `Tryton has no sale ${saleId}`);
    const party = Number(sale.party);
    const saleLines = refs.return_authorization
      ? await api.read("sale.line", idsOf(sale.lines), ["note"])
      : [];
    [id] = await api.create("account.invoice", [
      {
        type: "out",
        party,
        invoice_address: sale.invoice_address,
        currency: sale.currency,
        account: await receivableOf(api, party),
        journal: await journalByType(api, "revenue", "REV"),
        reference,
        description: `Refund ${doc.refund.externalId} of ${doc.order.channel} order ${doc.order.orderNumber}`,
        invoice_date: date(doc.refund.createdAt),
        comment: meshStamp(correlationId, doc.refund.note),
        lines: [["create", await creditLines(api, connection, doc, saleLines)]],
      },
    ]);
    if (id === undefined) throw refuse("transient", "Tryton created no credit note");
  }
  const [invoice] = await api.read("account.invoice", [id], ["state"]);
  if (invoice?.state === "draft" || invoice?.state === "validated")
    await api.button("account.invoice", "post", [id]);
  const [after] = await api.read("account.invoice", [id], ["number"]);
  return { ok: true, erpId: String(id), erpNumber: typeof after?.number === "string" ? after.number : null };
}

async function creditLines(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  doc: ErpDocumentOf<"credit_memo">,
  returnLines: readonly Row[],
): Promise<Row[]> {
  const { refund, order } = doc;
  const cur = refund.currency;
  const skuOf = (l: { sku: string | null; externalLineId: string }) =>
    l.sku ?? order.lines.find((o) => o.externalLineId === l.externalLineId)?.sku ?? null;
  const products = await resolveProducts(
    api,
    connection,
    refund.lines.flatMap((l) => skuOf(l) ?? []),
  );
  const rows: Row[] = [];
  for (const line of refund.lines) {
    const sku = skuOf(line);
    const product = sku ? products.get(sku) : undefined;
    const divisible = line.quantity > 0 && line.amount.amount % line.quantity === 0;
    const origin = returnLines.find((r) => r.note === `mesh:line:${line.externalLineId}`);
    rows.push({
      type: "line",
      ...(product ? { product: product.id, unit: product.uom } : {}),
      quantity: divisible ? -line.quantity : -1,
      unit_price: decimalText(
        formatDecimal(divisible ? line.amount.amount / line.quantity : line.amount.amount, cur),
      ),
      account: await revenueOf(api, product?.id ?? null),
      description: `${sku ?? line.externalLineId} x${line.quantity}`,
      ...(origin ? { origin: `sale.line,${origin.id}` } : {}),
    });
  }
  const tax = refund.lines.reduce((n, l) => n + l.tax.amount, 0);
  // Customer invoice lines take revenue-type accounts only (account_invoice `_account_domain`).
  // The channel's tax rode on the sale as a line on the default revenue account (sale-lines.ts),
  // so its refund reverses it there; shipping and adjustment use their mappings when present.
  const extras: [string, number, "shipping_income" | "refunds" | null][] = [
    ["Tax refunded", tax, null],
    ["Shipping refunded", refund.shipping.amount, "shipping_income"],
    ["Refund adjustment", refund.adjustment.amount, "refunds"],
  ];
  for (const [description, amount, purpose] of extras) {
    if (amount === 0) continue;
    const account =
      purpose && connection.mappings.glAccount[purpose]
        ? await resolveAccount(api, connection, purpose)
        : await revenueOf(api, null);
    rows.push({ type: "line", quantity: -1, unit_price: decimal(amount, cur), account, description });
  }
  return rows;
}
