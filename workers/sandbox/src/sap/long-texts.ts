import type { StoredDoc } from "./document-store";
import { type JsonObject, navigation, text } from "./json";
import { MSG } from "./messages";
import { keyPredicate } from "./render";
import { fail, type ODataEntity, type Outcome, type ServiceContext } from "./service-context";

/**
 * Long texts as S/4HANA's A2X services carry them, keyed by the document, a language and a text ID:
 *
 * - SD documents: `to_Text` of A_SalesOrder, A_CustomerReturn and A_CreditMemoRequest, entity sets
 *   A_SalesOrderText, A_CustomerReturnText and A_CreditMemoReqText with Language (2), LongTextID (4)
 *   and LongText (Edm.String without a length); the sets are `sap:creatable="false"`, so texts come
 *   with the document's deep insert.
 * - outbound deliveries (v2): `to_DeliveryDocumentText` of A_OutbDeliveryHeader, entity set
 *   A_OutbDeliveryHeaderText with TextElement (4), Language (2) and TextElementText, created by
 *   `POST A_OutbDeliveryHeader('…')/to_DeliveryDocumentText`.
 * - customers: `to_CustomerText` of A_Customer (API_BUSINESS_PARTNER), A_CustomerText with Language,
 *   LongTextID and LongText, deep inserted with the business partner's `to_Customer`.
 *
 * One text per language and text ID (the key): a second one is refused. Which text IDs a document
 * type allows is customizing (its text determination procedure); the sandbox accepts any 4-character ID.
 */
export interface TextShape {
  service: string;
  set: string;
  type: string;
  /** The document's key property on the text, e.g. SalesOrder. */
  documentKey: string;
  /** The text ID property: LongTextID, or TextElement on deliveries. */
  idField: string;
  /** The text itself: LongText, or TextElementText on deliveries. */
  textField: string;
  /** Key order after the document key, as the service's metadata declares it. */
  keyOrder: readonly ("Language" | "id")[];
  /** Read-only properties SAP adds on read. */
  extras?: JsonObject;
}

const sdShape = (service: string, set: string, documentKey: string): TextShape => ({
  service,
  set,
  type: `${set}Type`,
  documentKey,
  idField: "LongTextID",
  textField: "LongText",
  keyOrder: ["Language", "id"],
});

export const SALES_ORDER_TEXT = sdShape("API_SALES_ORDER_SRV", "A_SalesOrderText", "SalesOrder");
export const CUSTOMER_RETURN_TEXT = sdShape(
  "API_CUSTOMER_RETURN_SRV",
  "A_CustomerReturnText",
  "CustomerReturn",
);
export const CREDIT_MEMO_REQUEST_TEXT = sdShape(
  "API_CREDIT_MEMO_REQUEST_SRV",
  "A_CreditMemoReqText",
  "CreditMemoRequest",
);
export const CUSTOMER_TEXT = sdShape("API_BUSINESS_PARTNER", "A_CustomerText", "Customer");
export const DELIVERY_HEADER_TEXT: TextShape = {
  service: "API_OUTBOUND_DELIVERY_SRV",
  set: "A_OutbDeliveryHeaderText",
  type: "A_OutbDeliveryHeaderTextType",
  documentKey: "DeliveryDocument",
  idField: "TextElement",
  textField: "TextElementText",
  keyOrder: ["id", "Language"],
  extras: { TextElementDescription: "", DeliveryLongTextIsFormatted: false },
};

function sameKey(shape: TextShape, a: JsonObject, b: JsonObject): boolean {
  return text(a, "Language") === text(b, "Language") && text(a, shape.idField) === text(b, shape.idField);
}

/** One text from a request body, checked: language and text ID mandatory and within their lengths. */
export function checkText(shape: TextShape, line: JsonObject): Outcome<JsonObject> {
  const language = text(line, "Language").toUpperCase();
  const id = text(line, shape.idField).toUpperCase();
  if (!language) return fail(MSG.mandatoryField("Language"));
  if (language.length > 2) return fail(MSG.tooLong("Language", 2));
  if (!id) return fail(MSG.mandatoryField(shape.idField));
  if (id.length > 4) return fail(MSG.tooLong(shape.idField, 4));
  const value = line[shape.textField];
  if (value !== undefined && value !== null && typeof value !== "string")
    return fail(MSG.mandatoryField(shape.textField));
  return { ok: true, value: { Language: language, [shape.idField]: id, [shape.textField]: value ?? "" } };
}

/** The texts of a deep insert (`navigationName` absent: none), each checked, no key twice. */
export function checkTexts(
  shape: TextShape,
  body: JsonObject,
  navigationName: string,
): Outcome<JsonObject[]> {
  const texts: JsonObject[] = [];
  for (const line of navigation(body, navigationName) ?? []) {
    const checked = checkText(shape, line);
    if (!checked.ok) return checked;
    if (texts.some((t) => sameKey(shape, t, checked.value)))
      return fail(MSG.textExists(text(checked.value, shape.idField), text(checked.value, "Language")));
    texts.push(checked.value);
  }
  return { ok: true, value: texts };
}

/** Adds one text to a stored document, refused when the document already has that language and ID. */
export function addText(ctx: ServiceContext, shape: TextShape, doc: StoredDoc, body: JsonObject) {
  const checked = checkText(shape, body);
  if (!checked.ok) return checked;
  if (doc.texts.some((t) => sameKey(shape, t, checked.value)))
    return fail(MSG.textExists(text(checked.value, shape.idField), text(checked.value, "Language")));
  doc.texts = [...doc.texts, checked.value];
  const updated = ctx.store.update(doc, ctx.now);
  const entity = textEntities(ctx, shape, updated).find((e) => sameKey(shape, e.fields, checked.value));
  return entity ? { ok: true as const, value: entity } : fail(MSG.documentNotFound(doc.id), 500);
}

export function textEntities(ctx: ServiceContext, shape: TextShape, doc: StoredDoc): ODataEntity[] {
  return doc.texts.map((t) => {
    const language = text(t, "Language");
    const id = text(t, shape.idField);
    const key: Record<string, string> = { [shape.documentKey]: doc.id };
    for (const part of shape.keyOrder) {
      if (part === "Language") key.Language = language;
      else key[shape.idField] = id;
    }
    return {
      address: {
        origin: ctx.origin,
        service: shape.service,
        set: shape.set,
        key: keyPredicate(key),
        type: shape.type,
      },
      fields: { ...key, [shape.textField]: t[shape.textField] ?? "", ...shape.extras },
      etag: null,
      navigations: {},
      source: { kind: doc.kind, id: doc.id, item: null },
    };
  });
}
