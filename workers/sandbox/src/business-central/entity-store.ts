import { toBase64, utf8 } from "../../../../shared/crypto/encoding";

/** One stored API entity: its JSON as the API shows it (without the etag) and its write version. */
export type Json = Record<string, unknown>;

export interface Entity {
  set: string;
  id: string;
  parentId: string | null;
  body: Json;
  version: number;
  writeCount: number;
}

type Row = {
  entity_set: string;
  id: string;
  parent_id: string | null;
  body: string;
  version: number;
  write_count: number;
};

function toEntity(row: Row): Entity {
  return {
    set: row.entity_set,
    id: row.id,
    parentId: row.parent_id,
    body: JSON.parse(row.body) as Json,
    version: row.version,
    writeCount: row.write_count,
  };
}

/**
 * A weak etag in BC's form: `W/"<base64 of '<n>;<digits>;00;'>"` (the shape seen in microsoft/AL#5553).
 * It changes on every write, which is all a client may rely on.
 */
export function etagOf(entity: Pick<Entity, "id" | "version">): string {
  const digits = `${entity.version}${entity.id.replaceAll(/[^0-9]/g, "").slice(0, 12)}`;
  return `W/"${toBase64(utf8(`'${digits.length};${digits};00;'`))}"`;
}

export class EntityStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly now: () => number,
  ) {}

  get(set: string, id: string): Entity | null {
    const row = this.sql
      .exec<Row>("SELECT * FROM entities WHERE entity_set = ? AND lower(id) = lower(?)", set, id)
      .toArray()[0];
    return row ? toEntity(row) : null;
  }

  list(set: string, parentId?: string): Entity[] {
    const rows =
      parentId === undefined
        ? this.sql.exec<Row>("SELECT * FROM entities WHERE entity_set = ? ORDER BY seq", set)
        : this.sql.exec<Row>(
            "SELECT * FROM entities WHERE entity_set = ? AND parent_id = ? ORDER BY seq",
            set,
            parentId,
          );
    return rows.toArray().map(toEntity);
  }

  all(): Entity[] {
    return this.sql.exec<Row>("SELECT * FROM entities ORDER BY seq").toArray().map(toEntity);
  }

  insert(set: string, body: Json, parentId: string | null = null): Entity {
    const id = typeof body.id === "string" && body.id !== "" ? body.id : crypto.randomUUID();
    const full = { ...body, id };
    const at = this.now();
    this.sql.exec(
      "INSERT INTO entities (entity_set, id, parent_id, body, version, write_count, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1, ?, ?)",
      set,
      id,
      parentId,
      JSON.stringify(full),
      at,
      at,
    );
    return { set, id, parentId, body: full, version: 1, writeCount: 1 };
  }

  replace(entity: Entity, body: Json): Entity {
    const full = { ...body, id: entity.id };
    this.sql.exec(
      "UPDATE entities SET body = ?, version = version + 1, write_count = write_count + 1, updated_at = ? WHERE id = ?",
      JSON.stringify(full),
      this.now(),
      entity.id,
    );
    return { ...entity, body: full, version: entity.version + 1, writeCount: entity.writeCount + 1 };
  }

  /** Deletes the entity and its children (document lines go with their header, as in BC). */
  remove(id: string): void {
    this.sql.exec("DELETE FROM entities WHERE parent_id = ?", id);
    this.sql.exec("DELETE FROM entities WHERE id = ?", id);
  }

  /** The next number of a No. Series, e.g. `S-ORD101001`; BC's series increment by one. */
  nextNumber(code: string, start: number, prefix = ""): string {
    this.sql.exec("INSERT OR IGNORE INTO number_series (code, last) VALUES (?, ?)", code, start - 1);
    const row = this.sql
      .exec<{ last: number }>("UPDATE number_series SET last = last + 1 WHERE code = ? RETURNING last", code)
      .one();
    return `${prefix}${row.last}`;
  }
}
