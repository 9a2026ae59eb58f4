import { isObject, type JsonObject, referencedId } from "./json";
import { onHand } from "./ledger";
import type { RecordStore } from "./record-store";
import { transactionTypes } from "./record-types";
import { tranIdOf } from "./render";
import { orderStatus } from "./sales-order-status";

/**
 * The tables the sandbox's SuiteQL can read, with NetSuite's (lowercase) column names. Values are
 * strings, as SuiteQL's REST answers carry them; a null column is left out of its row.
 */
export type Row = Record<string, string | null>;

type Tables = Record<string, { columns: readonly string[]; rows: () => Row[] }>;

const str = (value: unknown): string | null =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : null;

export function tables(store: RecordStore): Tables {
  const resolve = (kind: string, ref: JsonObject) => store.resolveRef(kind, ref);
  const refId = (kind: string, value: unknown) => (isObject(value) ? resolve(kind, value).id : null);
  const stock = () =>
    onHand(store, resolve).map((r) => ({
      item: r.item,
      location: r.location,
      quantityonhand: String(r.quantityOnHand),
      quantityavailable: String(r.quantityOnHand),
    }));
  return {
    customer: {
      columns: ["id", "entityid", "externalid", "email", "companyname", "firstname", "lastname", "isperson"],
      rows: () =>
        store.ofType("customer").map((c) => ({
          id: String(c.internalId),
          entityid: c.externalId ?? String(c.internalId),
          externalid: c.externalId,
          email: str(c.body.email),
          companyname: str(c.body.companyName),
          firstname: str(c.body.firstName),
          lastname: str(c.body.lastName),
          isperson: c.body.isPerson === true ? "T" : "F",
        })),
    },
    transaction: {
      columns: ["id", "tranid", "type", "externalid", "trandate", "status", "entity", "createdfrom", "memo"],
      rows: () =>
        transactionTypes().flatMap((type) =>
          store.ofType(type.name).map((t) => ({
            id: String(t.internalId),
            tranid: tranIdOf(t),
            type: type.transactionType,
            externalid: t.externalId,
            trandate: str(t.body.tranDate) ?? new Date(t.createdAt).toISOString().slice(0, 10),
            status: type.name === "salesOrder" ? orderStatus(store, t).id : null,
            entity: refId("customer", t.body.entity ?? t.body.customer),
            createdfrom: (() => {
              const id = referencedId(t.body.createdFrom);
              return id === null ? null : String(id);
            })(),
            memo: str(t.body.memo),
          })),
        ),
    },
    item: {
      columns: ["id", "itemid", "externalid", "displayname"],
      rows: () =>
        store.catalogue("item").map((i) => ({
          id: String(i.id),
          itemid: i.externalId,
          externalid: i.externalId,
          displayname: i.externalId,
        })),
    },
    location: {
      columns: ["id", "name", "externalid"],
      rows: () =>
        store
          .catalogue("location")
          .map((l) => ({ id: String(l.id), name: l.externalId, externalid: l.externalId })),
    },
    inventoryitemlocations: {
      columns: ["item", "location", "quantityonhand", "quantityavailable"],
      rows: stock,
    },
    inventorybalance: { columns: ["item", "location", "quantityonhand", "quantityavailable"], rows: stock },
  };
}
