import { utf8 } from "../crypto/encoding";
import { type Problem, problem, problemResponse } from "../http/problem";
import { correlationIdFrom } from "../ids";
import { errorFields, type Logger } from "../log";
import { ArchivedDelivery, archiveKeyFor, writeArchive } from "./archive";
import { type ConnectorIntake, type DeliveryHeaders, keptHeaders } from "./connector-intake";
import { type ConnectorEnv, coreApi } from "./env";
import { IntakeMessage, MAX_INLINE_MESSAGE_BYTES } from "./intake-message";
import { ledgerEntry } from "./ledger-client";
import { readBodyWithLimit } from "./read-body";
import type { StoreCache } from "./store-cache";

export interface AcceptContext {
  intake: ConnectorIntake;
  env: ConnectorEnv;
  request: Request;
  storeId: string;
  stores: StoreCache;
  log: Logger;
  waitUntil(promise: Promise<unknown>): void;
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The edge half of every webhook: size limit, store lookup, signature, dedupe claim, raw archive,
 * enqueue, 200. Nothing is archived or enqueued before the signature and the sender's identity check
 * out. Anything that may work on a retry answers 5xx so the sender retries; the claim is given back.
 */
export async function acceptDelivery(ctx: AcceptContext): Promise<Response> {
  const { intake, env, request, storeId } = ctx;
  const receivedAt = new Date();
  const correlationId = correlationIdFrom(request.headers.get("traceparent"));
  const log = ctx.log.child({ correlationId, storeId });
  const reply = (p: Problem, headers: Record<string, string> = {}) =>
    problemResponse({ ...p, correlationId }, { "x-correlation-id": correlationId, ...headers });

  const maxBytes = Number(env.MAX_WEBHOOK_BYTES);
  const body = await readBodyWithLimit(request, Number.isSafeInteger(maxBytes) ? maxBytes : 1_048_576);
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

  const verified = await intake.verify(body.bytes, request.headers, store.webhookSecret);
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

  let entry: ReturnType<typeof ledgerEntry>;
  let claim: Awaited<ReturnType<ReturnType<typeof ledgerEntry>["claim"]>>;
  try {
    entry = ledgerEntry(env.DELIVERY_LEDGER, storeId, delivery.dedupeKey);
    claim = await entry.claim();
  } catch (err) {
    log.error("delivery ledger unavailable", errorFields(err));
    return reply(problem("unavailable", "delivery ledger unavailable; retry later"), { "retry-after": "30" });
  }
  const accepted = { accepted: true, deliveryId: delivery.deliveryId, correlationId };
  if (claim.status === "duplicate") {
    log.info("duplicate delivery ignored", {
      deliveryId: delivery.deliveryId,
      dedupeKey: delivery.dedupeKey,
    });
    return Response.json(
      { ...accepted, duplicate: true },
      { headers: { "x-correlation-id": correlationId } },
    );
  }
  if (claim.status === "in_flight") {
    return reply(problem("conflict", "the same delivery is being accepted right now"), {
      "retry-after": String(claim.retryAfterSeconds),
    });
  }

  const token = claim.token;
  try {
    await storeAndEnqueue(ctx, { delivery, text, correlationId, receivedAt });
  } catch (err) {
    log.error("could not archive or enqueue; claim released", {
      deliveryId: delivery.deliveryId,
      ...errorFields(err),
    });
    await entry
      .release(token)
      .catch((e: unknown) => log.warn("claim release failed; it will lapse", errorFields(e)));
    return reply(problem("internal", "the delivery could not be stored; retry"));
  }
  // The message is safely queued: committing the claim can finish after the response.
  ctx.waitUntil(
    entry.commit(token).then(
      (r) => {
        if (!r.ok) log.warn("claim lapsed before commit", { deliveryId: delivery.deliveryId });
      },
      (e: unknown) => log.warn("claim commit failed; it will lapse", errorFields(e)),
    ),
  );
  log.info("delivery accepted", { deliveryId: delivery.deliveryId, topic: delivery.topic });
  return Response.json(accepted, { headers: { "x-correlation-id": correlationId } });
}

interface Accepted {
  delivery: DeliveryHeaders;
  text: string;
  correlationId: string;
  receivedAt: Date;
}

async function storeAndEnqueue(ctx: AcceptContext, a: Accepted): Promise<void> {
  const { intake, env, storeId } = ctx;
  const channel = intake.manifest.channel;
  const archiveKey = archiveKeyFor(channel, storeId, a.delivery.deliveryId, a.receivedAt);
  const headers = keptHeaders(ctx.request.headers, intake.keepHeader);
  const base: Omit<IntakeMessage, "body"> = {
    kind: "webhook.v1",
    channel,
    storeId,
    topic: a.delivery.topic,
    deliveryId: a.delivery.deliveryId,
    dedupeKey: a.delivery.dedupeKey,
    correlationId: a.correlationId,
    receivedAt: a.receivedAt.toISOString(),
    triggeredAt: a.delivery.triggeredAt,
    archiveKey,
    headers,
  };
  const full = ArchivedDelivery.parse({ ...base, body: a.text });
  await writeArchive(env.ARCHIVE, full);
  const fits = utf8(JSON.stringify(full)).byteLength <= MAX_INLINE_MESSAGE_BYTES;
  await env.INBOX.send(fits ? full : IntakeMessage.parse({ ...base, body: null }), { contentType: "json" });
}

function decodeJson(bytes: Uint8Array<ArrayBuffer>): string | null {
  try {
    const text = utf8Strict.decode(bytes);
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}
