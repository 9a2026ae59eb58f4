import { type AdfError, badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, type JsonObject, objects, text } from "./json";
import type { PodContext, ResourceSpec } from "./resource-spec";
import { lineStatus, orderLines } from "./sales-order-lines";

/**
 * `receivingReceiptRequests` (Receiving): goods arriving at an organization. For a customer return
 * (`ReceiptSourceCode: CUSTOMER`, lines with `SourceDocumentCode: RMA`) each line names the return
 * order by `DocumentNumber` and its line by `DocumentLineNumber`; the receipt raises the line's
 * ReceivedQuantity and, delivered to a subinventory, the on-hand there. Fusion keeps no unique key on a
 * receipt request, so an integration finds its own by the reference it sent (here `ShipmentNumber`).
 */
function receiveLine(
  line: JsonObject,
  index: number,
  organization: string,
  ctx: PodContext,
): { error: AdfError } | { line: JsonObject } {
  const at = (field: string) => `lines[${index}].${field}`;
  if (line.SourceDocumentCode !== "RMA")
    return { error: invalidValue(at("SourceDocumentCode"), line.SourceDocumentCode) };
  const number = text(line.DocumentNumber);
  if (!number) return { error: missingAttribute(at("DocumentNumber")) };
  const [rma] = ctx.store.query("salesOrdersForOrderHub", [{ attribute: "OrderNumber", value: number }]);
  if (!rma) return { error: invalidValue(at("DocumentNumber"), number) };
  const lines = orderLines(rma.body);
  const target = lines.find(
    (l) => text(l.LineNumber) === text(line.DocumentLineNumber) && l.TransactionCategoryCode === "RETURN",
  );
  if (!target) return { error: invalidValue(at("DocumentLineNumber"), line.DocumentLineNumber) };
  const quantity = amount(line.Quantity);
  if (quantity === null || quantity <= 0) return { error: invalidValue(at("Quantity"), line.Quantity) };
  const expected = amount(target.OrderedQuantity) ?? 0;
  const received = amount(target.ReceivedQuantity) ?? 0;
  if (received + quantity > expected) {
    return {
      error: badRequest(
        `The quantity ${quantity} is more than the quantity ${expected - received} still expected on RMA ${number} line ${String(target.LineNumber)}.`,
        "SANDBOX-OVERRECEIPT",
        at("Quantity"),
      ),
    };
  }
  Object.assign(target, {
    ReceivedQuantity: received + quantity,
    StatusCode: lineStatus(expected, received + quantity, true),
  });
  ctx.store.replace(rma, { ...rma.body, lines }, ctx.now);
  const subinventory = text(line.Subinventory);
  if (line.AutoTransactCode === "DELIVER" && subinventory) {
    ctx.store.adjustOnhand(text(target.ProductNumber) ?? "", organization, subinventory, quantity);
  }
  return { line: { ...line, ItemNumber: target.ProductNumber, ProcessingStatusCode: "COMPLETED" } };
}

export const receiptRequests: ResourceSpec = {
  name: "receivingReceiptRequests",
  api: "fscmRestApi",
  idField: "HeaderInterfaceId",
  children: ["lines"],
  reference: (body) => text(body.ShipmentNumber),
  create(body, id, ctx) {
    if (body.ReceiptSourceCode !== "CUSTOMER") {
      return { ok: false, error: invalidValue("ReceiptSourceCode", body.ReceiptSourceCode) };
    }
    const organization = text(body.OrganizationCode);
    if (!organization) return { ok: false, error: missingAttribute("OrganizationCode") };
    const lines = objects(body.lines);
    if (lines.length === 0) return { ok: false, error: missingAttribute("lines") };
    const received: JsonObject[] = [];
    for (const [index, line] of lines.entries()) {
      const result = receiveLine(line, index, text(line.OrganizationCode) ?? organization, ctx);
      if ("error" in result) return { ok: false, error: result.error };
      received.push(result.line);
    }
    return {
      ok: true,
      body: { ...body, HeaderInterfaceId: Number(id), ProcessingStatusCode: "SUCCESS", lines: received },
    };
  },
};
