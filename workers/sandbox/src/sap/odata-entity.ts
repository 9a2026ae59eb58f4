import type { JsonObject } from "./json";
import type { SapMessage } from "./odata-errors";
import { ODATA_ROOT } from "./render";
import type { ODataEntity } from "./service-context";

/**
 * An entity as OData v2 JSON: `__metadata`, the properties (only the `$select`ed ones when asked),
 * navigation properties inline as `{"results": [...]}` when `$expand`ed and as `__deferred` links
 * otherwise; and business warnings as the `sap-message` header.
 */
/** `$select` keeps the named properties (and navigations); SAP answers only what was selected. */
function selectFields(fields: JsonObject, select: ReadonlySet<string> | null): JsonObject {
  if (!select) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([name]) => select.has(name)));
}

export function render(
  entity: ODataEntity,
  expand: ReadonlySet<string>,
  select: ReadonlySet<string> | null = null,
): JsonObject {
  const out: JsonObject = { __metadata: metadata(entity), ...selectFields(entity.fields, select) };
  for (const [name, targets] of Object.entries(entity.navigations)) {
    if (select && !select.has(name) && !expand.has(name)) continue;
    out[name] = expand.has(name)
      ? { results: targets.map((t) => render(t, new Set())) }
      : { __deferred: { uri: `${uriOf(entity)}/${name}` } };
  }
  return out;
}

export function uriOf(e: ODataEntity): string {
  const a = e.address;
  return `${a.origin}${ODATA_ROOT}/${a.service}/${a.set}(${a.key})`;
}

function metadata(e: ODataEntity): JsonObject {
  const uri = uriOf(e);
  return {
    id: uri,
    uri,
    type: `${e.address.service}.${e.address.type}`,
    ...(e.etag ? { etag: e.etag } : {}),
  };
}

export function warningHeader(warnings: readonly SapMessage[] | undefined): Record<string, string> {
  const [first, ...rest] = warnings ?? [];
  if (!first) return {};
  const message = (m: SapMessage) => ({
    code: m.code,
    message: m.message,
    target: m.target ?? "",
    severity: "warning",
    transition: false,
  });
  return { "sap-message": JSON.stringify({ ...message(first), details: rest.map(message) }) };
}
