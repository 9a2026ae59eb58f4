import { isObject, type JsonObject } from "./json";

/**
 * Storage of the sandbox's business documents: a header and its items as JSON, numbered from SAP-like
 * number ranges. Every change stamps a strictly increasing change time, which is what the document's
 * `LastChangeDateTime` and so its ETag come from.
 */
export type DocKind =
  | "sales_order"
  | "customer_return"
  | "credit_memo_request"
  | "outbound_delivery"
  | "material_document"
  | "business_partner"
  | "journal_entry";

export interface StoredDoc {
  kind: DocKind;
  id: string;
  /** The integration's reference the document carries (PurchaseOrderByCustomer and the like). */
  refKey: string | null;
  header: JsonObject;
  items: JsonObject[];
  /** Long texts of the document (SD header texts, delivery header texts, customer texts). */
  texts: JsonObject[];
  createdAt: number;
  changedAt: number;
  writeCount: number;
}

type Row = {
  kind: DocKind;
  id: string;
  ref_key: string | null;
  body: string;
  created_at: number;
  updated_at: number;
  write_count: number;
};

function toDoc(row: Row): StoredDoc {
  const body: unknown = JSON.parse(row.body);
  const header = isObject(body) && isObject(body.header) ? body.header : {};
  const items = isObject(body) && Array.isArray(body.items) ? body.items.filter(isObject) : [];
  const texts = isObject(body) && Array.isArray(body.texts) ? body.texts.filter(isObject) : [];
  return {
    kind: row.kind,
    id: row.id,
    refKey: row.ref_key,
    header,
    items,
    texts,
    createdAt: row.created_at,
    changedAt: row.updated_at,
    writeCount: row.write_count,
  };
}

export class DocumentStore {
  constructor(private readonly sql: SqlStorage) {}

  /** The next number of a range, e.g. sales orders from 1, deliveries from 80000000. */
  nextNumber(range: string, first: number): string {
    this.sql.exec("INSERT OR IGNORE INTO counters (name, next) VALUES (?, ?)", range, first);
    const n = this.sql
      .exec<{ next: number }>(
        "UPDATE counters SET next = next + 1 WHERE name = ? RETURNING next - 1 AS next",
        range,
      )
      .one().next;
    return String(n);
  }

  /** A change time later than every earlier one, so two changes never share an ETag. */
  private stamp(now: number): number {
    const last =
      this.sql.exec<{ t: number | null }>("SELECT MAX(updated_at) AS t FROM documents").one().t ?? 0;
    return Math.max(now, last + 1);
  }

  insert(
    kind: DocKind,
    id: string,
    refKey: string | null,
    header: JsonObject,
    items: JsonObject[],
    now: number,
    texts: JsonObject[] = [],
  ) {
    const at = this.stamp(now);
    this.sql.exec(
      "INSERT INTO documents (kind, id, ref_key, body, created_at, updated_at, write_count) VALUES (?, ?, ?, ?, ?, ?, 1)",
      kind,
      id,
      refKey,
      JSON.stringify({ header, items, texts }),
      at,
      at,
    );
    return this.get(kind, id) as StoredDoc;
  }

  update(doc: StoredDoc, now: number): StoredDoc {
    const at = this.stamp(now);
    this.sql.exec(
      "UPDATE documents SET ref_key = ?, body = ?, updated_at = ?, write_count = write_count + 1 WHERE kind = ? AND id = ?",
      doc.refKey,
      JSON.stringify({ header: doc.header, items: doc.items, texts: doc.texts }),
      at,
      doc.kind,
      doc.id,
    );
    return this.get(doc.kind, doc.id) as StoredDoc;
  }

  get(kind: DocKind, id: string): StoredDoc | null {
    const row = this.sql
      .exec<Row>("SELECT * FROM documents WHERE kind = ? AND id = ?", kind, id)
      .toArray()[0];
    return row ? toDoc(row) : null;
  }

  list(kind: DocKind): StoredDoc[] {
    return this.sql
      .exec<Row>("SELECT * FROM documents WHERE kind = ? ORDER BY created_at, id", kind)
      .toArray()
      .map(toDoc);
  }

  all(): StoredDoc[] {
    return this.sql.exec<Row>("SELECT * FROM documents ORDER BY created_at, kind, id").toArray().map(toDoc);
  }
}
