import { type AdfError, badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, type JsonObject, objects, text } from "./json";
import type { RecordStore } from "./record-store";

/**
 * Order lines of `salesOrdersForOrderHub`: checked and completed on create, merged on a revision.
 * Quantities Fusion tracks per line: OrderedQuantity (still ordered), CanceledQuantity, ShippedQuantity
 * (returns: ReceivedQuantity); StatusCode follows them (AWAIT_SHIPPING, PARTIALLY_SHIPPED, SHIPPED,
 * CANCELED; returns AWAIT_RECEIVING, RECEIVED).
 */
export function checkLine(line: JsonObject, index: number): AdfError | null {
  const at = (attribute: string) => `lines[${index}].${attribute}`;
  if (!text(line.SourceTransactionLineId)) return missingAttribute(at("SourceTransactionLineId"));
  if (!text(line.ProductNumber) && !text(line.ProductId)) return missingAttribute(at("ProductNumber"));
  const quantity = amount(line.OrderedQuantity);
  if (quantity === null || quantity < 0) return invalidValue(at("OrderedQuantity"), line.OrderedQuantity);
  const category = line.TransactionCategoryCode ?? "ORDER";
  if (category !== "ORDER" && category !== "RETURN")
    return invalidValue(at("TransactionCategoryCode"), category);
  if (category === "RETURN" && !text(line.ReturnReasonCode)) {
    return badRequest(
      `The return reason is required for the return line ${String(line.SourceTransactionLineId)}.`,
      "SANDBOX-RETURN-REASON",
      at("ReturnReasonCode"),
    );
  }
  return null;
}

export function completeLine(line: JsonObject, index: number, store: RecordStore): JsonObject {
  const isReturn = line.TransactionCategoryCode === "RETURN";
  const ordered = amount(line.OrderedQuantity) ?? 0;
  const lineId = store.nextNumber("order-line", 100_000_000_001);
  return {
    ...line,
    TransactionCategoryCode: isReturn ? "RETURN" : "ORDER",
    LineId: lineId,
    FulfillLineId: lineId,
    LineNumber: index + 1,
    OrderedUOMCode: line.OrderedUOMCode ?? "Ea",
    CanceledQuantity: 0,
    ShippedQuantity: 0,
    ...(isReturn ? { ReceivedQuantity: 0 } : {}),
    StatusCode: lineStatus(ordered, 0, isReturn),
  };
}

export function lineStatus(ordered: number, done: number, isReturn: boolean): string {
  if (ordered === 0) return "CANCELED";
  if (isReturn) return done >= ordered ? "RECEIVED" : "AWAIT_RECEIVING";
  if (done >= ordered) return "SHIPPED";
  return done > 0 ? "PARTIALLY_SHIPPED" : "AWAIT_SHIPPING";
}

/** A revision's line: a known SourceTransactionLineId updates that line, a new one is added. */
export function reviseLines(
  existing: JsonObject[],
  changes: JsonObject[],
  store: RecordStore,
): { ok: true; lines: JsonObject[] } | { ok: false; error: AdfError } {
  const lines = existing.map((line) => ({ ...line }));
  for (const [index, change] of changes.entries()) {
    const id = text(change.SourceTransactionLineId);
    const current = lines.find((line) => text(line.SourceTransactionLineId) === id);
    if (!current) {
      const problem = checkLine(change, index);
      if (problem) return { ok: false, error: problem };
      lines.push(completeLine(change, lines.length, store));
      continue;
    }
    const ordered = amount(change.OrderedQuantity);
    if (change.OrderedQuantity !== undefined && (ordered === null || ordered < 0)) {
      return { ok: false, error: invalidValue(`lines[${index}].OrderedQuantity`, change.OrderedQuantity) };
    }
    const before = amount(current.OrderedQuantity) ?? 0;
    const after = ordered ?? before;
    const isReturn = current.TransactionCategoryCode === "RETURN";
    const done = amount(isReturn ? current.ReceivedQuantity : current.ShippedQuantity) ?? 0;
    if (after < done) {
      return {
        ok: false,
        error: badRequest(
          `You can't reduce the ordered quantity of line ${String(current.LineNumber)} to ${after} because ${done} have already been ${isReturn ? "received" : "shipped"}.`,
          "SANDBOX-QUANTITY-BELOW-FULFILLED",
          `lines[${index}].OrderedQuantity`,
        ),
      };
    }
    const { SourceTransactionLineId: _id, LineId: _lineId, ...rest } = change;
    Object.assign(current, rest, {
      OrderedQuantity: after,
      CanceledQuantity: (amount(current.CanceledQuantity) ?? 0) + Math.max(0, before - after),
      StatusCode: lineStatus(after, done, isReturn),
    });
  }
  return { ok: true, lines };
}

export function orderLines(body: JsonObject): JsonObject[] {
  return objects(body.lines);
}
