import { text } from "./json";
import { keyPredicate } from "./render";
import type { EntitySetDef, ODataEntity } from "./service-context";

/**
 * Read-only services: API_MATERIAL_STOCK_SRV's A_MatlStkInAcctMod (stock per material, plant,
 * storage location and stock type, quantity in MatlWrhsStkQtyInMatlBaseUnit) and
 * API_OPLACCTGDOCITEMCUBE_SRV's A_OperationalAcctgDocItemCube (posted journal entry items, which the
 * integration searches by DocumentReferenceID before posting; its filterability there is unverified).
 */
const STOCK = "API_MATERIAL_STOCK_SRV";
const CUBE = "API_OPLACCTGDOCITEMCUBE_SRV";

export const readOnlySets: EntitySetDef[] = [
  {
    service: STOCK,
    set: "A_MatlStkInAcctMod",
    list: (ctx) =>
      ctx.stock.rows().map((row): ODataEntity => {
        const key = {
          Material: row.material,
          Plant: row.plant,
          StorageLocation: row.storageLocation,
          Batch: "",
          Supplier: "",
          Customer: "",
          WBSElementInternalID: "00000000",
          SDDocument: "",
          SDDocumentItem: "000000",
          InventorySpecialStockType: "",
          InventoryStockType: row.stockType,
        };
        return {
          address: {
            origin: ctx.origin,
            service: STOCK,
            set: "A_MatlStkInAcctMod",
            key: keyPredicate(key),
            type: "A_MatlStkInAcctModType",
          },
          fields: { ...key, MaterialBaseUnit: "EA", MatlWrhsStkQtyInMatlBaseUnit: row.quantity.toFixed(3) },
          etag: null,
          navigations: {},
          source: { kind: "stock", id: row.material, item: null },
        };
      }),
  },
  {
    service: CUBE,
    set: "A_OperationalAcctgDocItemCube",
    list: (ctx) =>
      ctx.store.list("journal_entry").flatMap((doc) =>
        doc.items.map((item): ODataEntity => {
          const fields = { ...doc.header, ...item };
          return {
            address: {
              origin: ctx.origin,
              service: CUBE,
              set: "A_OperationalAcctgDocItemCube",
              key: keyPredicate({
                CompanyCode: text(fields, "CompanyCode"),
                FiscalYear: text(fields, "FiscalYear"),
                AccountingDocument: doc.id,
                AccountingDocumentItem: text(item, "AccountingDocumentItem"),
              }),
              type: "A_OperationalAcctgDocItemCubeType",
            },
            fields,
            etag: null,
            navigations: {},
            source: { kind: doc.kind, id: doc.id, item: text(item, "AccountingDocumentItem") },
          };
        }),
      ),
  },
];
