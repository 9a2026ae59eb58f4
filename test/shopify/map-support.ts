import { isOrderEvent, type MeshEvent, type MeshEventType, type OrderEvent } from "../../shared/canonical";
import type { IntakeMessage } from "../../shared/connector/intake-message";
import { mapShopifyDelivery } from "../../workers/shopify/src/map";

/** An intake message as the edge would enqueue it for the given topic (body travels separately here). */
export function intakeMessage(topic: string, overrides: Partial<IntakeMessage> = {}): IntakeMessage {
  return {
    kind: "webhook.v1",
    channel: "shopify",
    storeId: "sto_map",
    topic,
    deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    dedupeKey: `${topic}:e5a1c6a6-2f3c-4a5f-9a8c-1d1c1b1a1e10`,
    correlationId: "4bf92f3577b34da6a3ce929d0e0e4736",
    receivedAt: "2026-03-14T14:15:02.000Z",
    triggeredAt: "2026-03-14T14:15:01.123456789Z",
    archiveKey: "shopify/sto_map/2026/03/14/b54557e4-bdd9-4b37-8a5f-bf7d70bcd043.json",
    headers: { "x-shopify-api-version": "2026-07" },
    body: null,
    ...overrides,
  };
}

/** The event one delivery of `topic` maps to, of the expected type; anything else fails the test. */
export function mapEvent<T extends MeshEventType>(
  type: T,
  topic: string,
  payload: unknown,
): Extract<MeshEvent, { type: T }> {
  const result = mapShopifyDelivery(intakeMessage(topic), payload);
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  const event = result.event;
  if (!isEventOf(type, event)) throw new Error(`expected ${type}, got ${event.type}`);
  return event;
}

function isEventOf<T extends MeshEventType>(
  type: T,
  event: MeshEvent,
): event is Extract<MeshEvent, { type: T }> {
  return event.type === type;
}

/** An order topic's event (created, updated or cancelled). */
export function mapOrder(payload: unknown, topic = "orders/create"): OrderEvent {
  const result = mapShopifyDelivery(intakeMessage(topic), payload);
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  if (!isOrderEvent(result.event)) throw new Error(`expected an order event, got ${result.event.type}`);
  return result.event;
}
