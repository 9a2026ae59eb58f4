import type { Channel, MeshEventType } from "../canonical";

/** Event types a channel topic can map to; `delivery.unsupported` is what every other topic becomes. */
export type MappedEventType = Exclude<MeshEventType, "delivery.unsupported">;

export interface SecretSpec {
  name: string;
  /** `store`: one per store, held encrypted by core and fetched over RPC; `worker`: a wrangler secret. */
  scope: "store" | "worker";
  purpose: string;
}

export interface LimitSpec {
  name: string;
  value: string;
  why: string;
}

/**
 * Everything a connector promises, declared once: the intake route, the topics it maps (and to
 * which canonical event), the secrets it needs and the limits it obeys. Routing, the mapping switch
 * and the README tables all read this one object.
 */
export interface ConnectorManifest {
  channel: Channel;
  /** Hono path of the webhook route; `:storeId` names the store the delivery belongs to. */
  webhookPath: `/${string}/:storeId/${string}`;
  topics: Readonly<Record<string, MappedEventType>>;
  secrets: readonly SecretSpec[];
  limits: readonly LimitSpec[];
}

/** The canonical event a topic maps to, or null when the connector records it as unsupported. */
export function eventTypeFor(manifest: ConnectorManifest, topic: string): MappedEventType | null {
  return Object.hasOwn(manifest.topics, topic) ? (manifest.topics[topic] ?? null) : null;
}

/** Every event type the connector can emit, in a stable order. */
export function emittedEvents(manifest: ConnectorManifest): MeshEventType[] {
  return [...new Set<MeshEventType>([...Object.values(manifest.topics), "delivery.unsupported"])];
}

/**
 * Markdown tables for the connector's README, column-aligned the way the formatter leaves them; a
 * test keeps the README equal to this output.
 */
export function renderManifestTables(manifest: ConnectorManifest): string {
  const topics = Object.entries(manifest.topics).map(([topic, event]) => [`\`${topic}\``, `\`${event}\``]);
  topics.push([
    "any other verified topic",
    "`delivery.unsupported` (acknowledged and recorded, never retried)",
  ]);
  return [
    `Webhook URL: \`POST ${manifest.webhookPath}\``,
    table(["Topic", "Canonical event"], topics),
    table(
      ["Secret", "Scope", "Purpose"],
      manifest.secrets.map((s) => [`\`${s.name}\``, s.scope, s.purpose]),
    ),
    table(
      ["Limit", "Value", "Why"],
      manifest.limits.map((l) => [l.name, l.value, l.why]),
    ),
  ].join("\n\n");
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${widths.map((w, i) => (cells[i] ?? "").padEnd(w)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
