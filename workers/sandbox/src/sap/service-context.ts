import type { DocumentStore } from "./document-store";
import type { JsonObject } from "./json";
import type { SapMessage } from "./odata-errors";
import type { EntityAddress } from "./render";
import type { Settings } from "./settings";
import type { StockLedger } from "./stock";

/** What every service handler works with: storage, settings and the request's clock and origin. */
export interface ServiceContext {
  store: DocumentStore;
  stock: StockLedger;
  settings: Settings;
  now: number;
  origin: string;
}

export type Outcome<T> =
  | { ok: true; value: T; warnings?: SapMessage[] }
  | { ok: false; status: number; messages: [SapMessage, ...SapMessage[]] };

export function fail(
  message: SapMessage,
  status = 400,
): { ok: false; status: number; messages: [SapMessage] } {
  return { ok: false, status, messages: [message] };
}

/** An entity as the router serves it: address, properties, ETag and its navigation targets. */
export interface ODataEntity {
  address: EntityAddress;
  fields: JsonObject;
  etag: string | null;
  navigations: Record<string, ODataEntity[]>;
  /** The stored document (and item) behind it, for updates. */
  source: { kind: string; id: string; item: string | null };
}

/** One entity set of a service: how to list it and, where SAP allows it, create and change it. */
export interface EntitySetDef {
  service: string;
  set: string;
  list(ctx: ServiceContext): ODataEntity[];
  create?(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity>;
  update?(ctx: ServiceContext, entity: ODataEntity, changes: JsonObject): Outcome<null>;
  /** `POST <set>(<key>)/<navigation>`: creates an entity related to `entity`, where SAP allows it. */
  createRelated?(
    ctx: ServiceContext,
    entity: ODataEntity,
    navigation: string,
    body: JsonObject,
  ): Outcome<ODataEntity> | null;
}
