import { badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, type JsonObject, text } from "./json";
import type { PodContext, ResourceSpec } from "./resource-spec";
import { checkLine, completeLine, orderLines, reviseLines } from "./sales-order-lines";

/**
 * `salesOrdersForOrderHub` (Order Management): orders and return orders from a source system. Fusion
 * keys them on SourceTransactionSystem + SourceTransactionId (table DOO_SOURCE_ORDERS) and names an item
 * by the OrderKey `<system>:<id>` or by its HeaderId. A PATCH on a submitted order is a revision and
 * must carry a higher SourceTransactionRevisionNumber; an order whose every line is at quantity zero is
 * canceled. The duplicate and revision messages are sandbox wording (Oracle's text is not published).
 */
const LIMITS: Record<string, number> = {
  SourceTransactionNumber: 50,
  SourceTransactionId: 50,
  SourceTransactionSystem: 30,
};

function orderKey(body: JsonObject): string | null {
  const system = text(body.SourceTransactionSystem);
  const id = text(body.SourceTransactionId);
  return system && id ? `${system}:${id}` : null;
}

function buyingParty(body: JsonObject, ctx: PodContext): JsonObject | null {
  const byId = text(body.BuyingPartyId);
  const byNumber = text(body.BuyingPartyNumber);
  const [account] = byId
    ? ctx.store.query("accounts", [{ attribute: "PartyId", value: byId }])
    : byNumber
      ? ctx.store.query("accounts", [{ attribute: "PartyNumber", value: byNumber }])
      : [];
  return account ? account.body : null;
}

function headerStatus(lines: JsonObject[], submitted: boolean): string {
  if (!submitted) return "DOO_DRAFT";
  return lines.length > 0 && lines.every((l) => (amount(l.OrderedQuantity) ?? 0) === 0) ? "CANCELED" : "OPEN";
}

export const salesOrders: ResourceSpec = {
  name: "salesOrdersForOrderHub",
  api: "fscmRestApi",
  idField: "HeaderId",
  children: ["lines", "billToCustomer", "shipToCustomer", "payments"],
  itemKey: orderKey,
  naturalKey: orderKey,
  duplicate: (body) =>
    badRequest(
      `A sales order with the source transaction ID ${String(body.SourceTransactionId)} already exists for the source system ${String(body.SourceTransactionSystem)}.`,
      "SANDBOX-DUPLICATE-SOURCE-ORDER",
    ),

  create(body, id, ctx) {
    for (const attribute of ["SourceTransactionNumber", "SourceTransactionSystem", "SourceTransactionId"]) {
      const value = text(body[attribute]);
      if (!value) return { ok: false, error: missingAttribute(attribute) };
      if (value.length > (LIMITS[attribute] ?? 50))
        return { ok: false, error: invalidValue(attribute, value) };
    }
    const bu = text(body.BusinessUnitName);
    if (!bu) return { ok: false, error: missingAttribute("BusinessUnitName") };
    if (!ctx.businessUnits.includes(bu)) return { ok: false, error: invalidValue("BusinessUnitName", bu) };
    if (!text(body.BuyingPartyId) && !text(body.BuyingPartyNumber)) {
      return { ok: false, error: missingAttribute("BuyingPartyId") };
    }
    const party = buyingParty(body, ctx);
    if (!party) {
      const attribute = text(body.BuyingPartyId) ? "BuyingPartyId" : "BuyingPartyNumber";
      return { ok: false, error: invalidValue(attribute, body[attribute]) };
    }
    const currency = text(body.TransactionalCurrencyCode);
    if (!currency || !/^[A-Z]{3}$/.test(currency)) {
      return { ok: false, error: invalidValue("TransactionalCurrencyCode", body.TransactionalCurrencyCode) };
    }
    const lines = orderLines(body);
    if (lines.length === 0) {
      return {
        ok: false,
        error: badRequest("The sales order must have at least one order line.", "SANDBOX-NO-LINES"),
      };
    }
    for (const [index, line] of lines.entries()) {
      const problem = checkLine(line, index);
      if (problem) return { ok: false, error: problem };
    }
    const completed = lines.map((line, index) => completeLine(line, index, ctx.store));
    const submitted = body.SubmittedFlag === true;
    return {
      ok: true,
      body: {
        ...body,
        HeaderId: Number(id),
        OrderKey: orderKey(body),
        OrderNumber: String(ctx.store.nextNumber("order", 520_001)),
        SourceTransactionRevisionNumber: amount(body.SourceTransactionRevisionNumber) ?? 1,
        BuyingPartyId: party.PartyId,
        BuyingPartyNumber: party.PartyNumber,
        BuyingPartyName: party.OrganizationName,
        StatusCode: headerStatus(completed, submitted),
        CreationDate: new Date(ctx.now).toISOString(),
        LastUpdateDate: new Date(ctx.now).toISOString(),
        lines: completed,
      },
    };
  },

  patch(existing, changes, ctx) {
    const current = existing.body;
    if (current.StatusCode === "CANCELED" || current.StatusCode === "CLOSED") {
      return {
        ok: false,
        error: badRequest(
          `You can't revise sales order ${String(current.OrderNumber)} because its status is ${String(current.StatusCode)}.`,
          "SANDBOX-ORDER-NOT-REVISABLE",
        ),
      };
    }
    const before = amount(current.SourceTransactionRevisionNumber) ?? 1;
    const revision = amount(changes.SourceTransactionRevisionNumber);
    if (current.StatusCode !== "DOO_DRAFT" && (revision === null || revision <= before)) {
      return {
        ok: false,
        error: badRequest(
          `The revision number ${String(changes.SourceTransactionRevisionNumber)} must be greater than the current revision ${before} of the sales order.`,
          "SANDBOX-REVISION-NUMBER",
          "SourceTransactionRevisionNumber",
        ),
      };
    }
    const revised = reviseLines(orderLines(current), orderLines(changes), ctx.store);
    if (!revised.ok) return revised;
    const {
      SourceTransactionId: _i,
      SourceTransactionSystem: _s,
      HeaderId: _h,
      lines: _l,
      ...header
    } = changes;
    const submitted = changes.SubmittedFlag === true || current.StatusCode !== "DOO_DRAFT";
    return {
      ok: true,
      body: {
        ...current,
        ...header,
        SourceTransactionRevisionNumber: revision ?? before,
        StatusCode: headerStatus(revised.lines, submitted),
        LastUpdateDate: new Date(ctx.now).toISOString(),
        lines: revised.lines,
      },
    };
  },
};
