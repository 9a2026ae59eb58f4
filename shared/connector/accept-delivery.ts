import { type Problem, problem, problemResponse } from "../http/problem";
import { correlationIdFrom } from "../ids";
import { errorFields, type Logger } from "../log";
import type { ConnectorIntake } from "./connector-intake";
import { type ConnectorEnv, coreApi } from "./env";
import { readBodyWithLimit } from "./read-body";
import type { StoreCache } from "./store-cache";
import { decodeJson, enqueueDelivery } from "./store-delivery";

export interface AcceptContext {
  intake: ConnectorIntake;
  env: ConnectorEnv;
  request: Request;
  storeId: string;
  stores: StoreCache;
  log: Logger;
}

/** Used when MAX_WEBHOOK_BYTES is not a number: the limit never silently disappears. */
const DEFAULT_MAX_BYTES = 1_048_576;

/**
 * The edge half of every webhook: size limit, store lookup, signature, headers, JSON, enqueue, 200.
 * Nothing is archived or enqueued before the signature and the sender's identity check out.
 *
 * The ack path stays within verify and enqueue on purpose: the sender's response budget (Shopify: 5 s)
 * and the intake's throughput then do not depend on R2 or Durable Object latency, and an R2 or
 * ledger outage delays processing instead of failing deliveries. Dedupe and archiving happen in the
 * inbox consumer (inbox-consumer.ts), which claims each delivery in the DeliveryLedger before it
 * archives and maps it. So every verified delivery is answered 200 here, duplicates included: the
 * edge does not know about them. Only a body too large to ride on the queue is archived here, before
 * its reference is enqueued. A failed enqueue (or archive) answers 5xx so the sender retries.
 */
export async function acceptDelivery(ctx: AcceptContext): Promise<Response> {
  const { intake, env, request, storeId } = ctx;
  const receivedAt = new Date();
  const correlationId = correlationIdFrom(request.headers.get("traceparent"));
  const log = ctx.log.child({ correlationId, storeId });
  const reply = (p: Problem, headers: Record<string, string> = {}) =>
    problemResponse({ ...p, correlationId }, { "x-correlation-id": correlationId, ...headers });

  const configured = Number(env.MAX_WEBHOOK_BYTES);
  const maxBytes = Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_BYTES;
  const body = await readBodyWithLimit(request, maxBytes);
  if (!body.ok) return reply(problem("payloadTooLarge", `webhook bodies are limited to ${maxBytes} bytes`));

  let store: Awaited<ReturnType<StoreCache["get"]>>;
  try {
    store = await ctx.stores.get(storeId, (id) => coreApi(env).getStoreCredentials(id));
  } catch (err) {
    log.error("store lookup failed", errorFields(err));
    return reply(problem("unavailable", "store lookup failed; retry later"), { "retry-after": "30" });
  }
  if (!store || store.channel !== intake.manifest.channel || store.status !== "active") {
    log.warn("webhook for unknown or inactive store", { known: store !== null });
    return reply(problem("notFound", "no such store"));
  }

  let verified = await intake.verify(body.bytes, request.headers, store.webhookSecret);
  if (!verified.ok && verified.reason === "bad_signature" && store.previousWebhookSecret) {
    // Within a rotation's grace window the sender may still sign with the previous secret.
    verified = await intake.verify(body.bytes, request.headers, store.previousWebhookSecret);
  }
  const refusal = !verified.ok
    ? verified.reason
    : intake.matchesStore(request.headers, store)
      ? null
      : "store_mismatch";
  if (refusal !== null) {
    log.warn("webhook refused", { reason: refusal });
    return reply(problem("unauthorized", "the webhook could not be authenticated"));
  }

  const delivery = intake.readDelivery(request.headers);
  if (!delivery) return reply(problem("badRequest", "required delivery headers are missing or malformed"));
  const text = decodeJson(body.bytes);
  if (text === null) return reply(problem("badRequest", "the body is not valid UTF-8 JSON"));

  try {
    await enqueueDelivery(env, {
      intake,
      storeId,
      headers: request.headers,
      delivery,
      text,
      bodyBytes: body.bytes.byteLength,
      correlationId,
      receivedAt,
    });
  } catch (err) {
    log.error("could not enqueue the delivery", { deliveryId: delivery.deliveryId, ...errorFields(err) });
    return reply(problem("internal", "the delivery could not be stored; retry"));
  }
  // No log line for an accepted delivery: it is durable on the queue and lands in the order's trace
  // as webhook.received (delivery id, topic, archive key); the runtime logs the request itself. A
  // line per delivery was the ack path's largest cost after the enqueue (bench:ingest). Refusals log.
  return Response.json(
    { accepted: true, deliveryId: delivery.deliveryId, correlationId },
    { headers: { "x-correlation-id": correlationId } },
  );
}
