import type { StoredDoc } from "./document-store";
import { decimal, type JsonObject, navigation, quantityText, text } from "./json";
import { MSG } from "./messages";
import { edmDate, keyPredicate } from "./render";
import { dateFrom } from "./sd-document";
import {
  type EntitySetDef,
  fail,
  type ODataEntity,
  type Outcome,
  type ServiceContext,
} from "./service-context";
import { RETURNS_BLOCKED, UNRESTRICTED } from "./stock";

/**
 * API_MATERIAL_DOCUMENT_SRV (SAP_COM_0108): A_MaterialDocumentHeader by deep insert with
 * `to_MaterialDocumentItem` (SAP KBA 3027233's sample: PostingDate, GoodsMovementCode, items with
 * Material, Plant, StorageLocation, GoodsMovementType, EntryUnit, QuantityInEntryUnit; the item text
 * MaterialDocumentItemText is CHAR 50, the header text MaterialDocumentHeaderText CHAR 25). Material
 * documents are immutable once posted (SAP reverses them, it never changes them), so there is no update.
 */
const SERVICE = "API_MATERIAL_DOCUMENT_SRV";

/** Movement types the sandbox knows: the goods movement code they need and what they do to stock. */
const MOVEMENTS: Record<string, { code: string; stockType: string; sign: 1 | -1 }> = {
  "501": { code: "05", stockType: UNRESTRICTED, sign: 1 },
  "502": { code: "05", stockType: UNRESTRICTED, sign: -1 },
  "561": { code: "05", stockType: UNRESTRICTED, sign: 1 },
  "562": { code: "05", stockType: UNRESTRICTED, sign: -1 },
  "651": { code: "05", stockType: RETURNS_BLOCKED, sign: 1 },
  "551": { code: "03", stockType: UNRESTRICTED, sign: -1 },
  "201": { code: "03", stockType: UNRESTRICTED, sign: -1 },
};

function materialDocumentEntity(ctx: ServiceContext, doc: StoredDoc): ODataEntity {
  const year = text(doc.header, "MaterialDocumentYear");
  const items = doc.items.map((item) => ({
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_MaterialDocumentItem",
      key: keyPredicate({
        MaterialDocumentYear: year,
        MaterialDocument: doc.id,
        MaterialDocumentItem: text(item, "MaterialDocumentItem"),
      }),
      type: "A_MaterialDocumentItemType",
    },
    fields: { MaterialDocumentYear: year, MaterialDocument: doc.id, ...item },
    etag: null,
    navigations: {},
    source: { kind: doc.kind, id: doc.id, item: text(item, "MaterialDocumentItem") },
  }));
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_MaterialDocumentHeader",
      key: keyPredicate({ MaterialDocumentYear: year, MaterialDocument: doc.id }),
      type: "A_MaterialDocumentHeaderType",
    },
    fields: doc.header,
    etag: null,
    navigations: { to_MaterialDocumentItem: items },
    source: { kind: doc.kind, id: doc.id, item: null },
  };
}

function create(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity> {
  const code = text(body, "GoodsMovementCode");
  if (!code) return fail(MSG.mandatoryField("GoodsMovementCode"));
  if (text(body, "MaterialDocumentHeaderText").length > 25)
    return fail(MSG.tooLong("MaterialDocumentHeaderText", 25));
  if (text(body, "ReferenceDocument").length > 16) return fail(MSG.tooLong("ReferenceDocument", 16));
  const lines = navigation(body, "to_MaterialDocumentItem");
  if (!lines || lines.length === 0) return fail(MSG.noRelatedEntities());
  const moves: {
    material: string;
    plant: string;
    sloc: string;
    stockType: string;
    delta: number;
    item: JsonObject;
  }[] = [];
  for (const [index, line] of lines.entries()) {
    const type = text(line, "GoodsMovementType");
    const movement = MOVEMENTS[type];
    if (!movement) return fail(MSG.unknownMovementType(type || "(none)"));
    if (movement.code !== code) return fail(MSG.wrongMovementCode(code, type));
    for (const field of ["Material", "Plant", "StorageLocation"])
      if (!text(line, field)) return fail(MSG.mandatoryField(field));
    if (text(line, "MaterialDocumentItemText").length > 50)
      return fail(MSG.tooLong("MaterialDocumentItemText", 50));
    const quantity = decimal(line, "QuantityInEntryUnit");
    if (quantity === null || quantity <= 0) return fail(MSG.invalidQuantity(String(index + 1)));
    const [material, plant, sloc] = [
      text(line, "Material").toUpperCase(),
      text(line, "Plant"),
      text(line, "StorageLocation"),
    ];
    const delta = movement.sign * quantity;
    if (
      ctx.settings.enforceStock &&
      delta < 0 &&
      ctx.stock.quantity(material, plant, sloc, movement.stockType) < -delta
    ) {
      return fail(
        MSG.deficit(
          quantityText(-delta - ctx.stock.quantity(material, plant, sloc, movement.stockType)),
          material,
          plant,
          sloc,
        ),
      );
    }
    moves.push({
      material,
      plant,
      sloc,
      stockType: movement.stockType,
      delta,
      item: {
        MaterialDocumentItem: String(index + 1),
        Material: material,
        Plant: plant,
        StorageLocation: sloc,
        GoodsMovementType: type,
        QuantityInEntryUnit: quantityText(quantity),
        EntryUnit: text(line, "EntryUnit") || "EA",
        MaterialDocumentItemText: text(line, "MaterialDocumentItemText"),
      },
    });
  }
  for (const m of moves) ctx.stock.move(m.material, m.plant, m.sloc, m.stockType, m.delta);
  const postingDate = dateFrom(body, "PostingDate") ?? new Date(ctx.now).toISOString().slice(0, 10);
  const id = ctx.store.nextNumber("material_document", 4900000000);
  const headerText = text(body, "MaterialDocumentHeaderText");
  const header = {
    MaterialDocumentYear: postingDate.slice(0, 4),
    MaterialDocument: id,
    GoodsMovementCode: code,
    PostingDate: edmDate(postingDate),
    DocumentDate: edmDate(dateFrom(body, "DocumentDate") ?? postingDate),
    MaterialDocumentHeaderText: headerText,
    ReferenceDocument: text(body, "ReferenceDocument"),
    CreationDate: edmDate(new Date(ctx.now).toISOString()),
  };
  const doc = ctx.store.insert(
    "material_document",
    id,
    headerText || null,
    header,
    moves.map((m) => m.item),
    ctx.now,
  );
  return { ok: true, value: materialDocumentEntity(ctx, doc) };
}

export const materialDocumentSets: EntitySetDef[] = [
  {
    service: SERVICE,
    set: "A_MaterialDocumentHeader",
    list: (ctx) => ctx.store.list("material_document").map((doc) => materialDocumentEntity(ctx, doc)),
    create,
  },
  {
    service: SERVICE,
    set: "A_MaterialDocumentItem",
    list: (ctx) =>
      ctx.store
        .list("material_document")
        .flatMap((doc) => materialDocumentEntity(ctx, doc).navigations.to_MaterialDocumentItem ?? []),
  },
];
