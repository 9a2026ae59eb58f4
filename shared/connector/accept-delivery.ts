import { type Problem, problem, problemResponse } from "../http/problem";
import { correlationIdFrom } from "../ids";
import { errorFields, type Logger } from "../log";
import type { ConnectorIntake } from "./connector-intake";
import type { ClaimResult } from "./delivery-ledger";
import { type ConnectorEnv, coreApi } from "./env";
import { type LedgerClaim, ledgerEntry } from "./ledger-client";
import { readBodyWithLimit } from "./read-body";
import type { StoreCache } from "./store-cache";
import { decodeJson, storeAndEnqueue } from "./store-delivery";

export interface AcceptContext {
  intake: ConnectorIntake;
  env: ConnectorEnv;
  request: Request;
  storeId: string;
  stores: StoreCache;
  log: Logger;
  waitUntil(promise: Promise<unknown>): void;
}

/** Used when MAX_WEBHOOK_BYTES is not a number: the limit never silently disappears. */
const DEFAULT_MAX_BYTES = 1_048_576;

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

  const entry: LedgerClaim = ledgerEntry(env.DELIVERY_LEDGER, storeId, delivery.dedupeKey);
  let claim: ClaimResult;
  try {
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
    await storeAndEnqueue(env, {
      intake,
      storeId,
      headers: request.headers,
      delivery,
      text,
      correlationId,
      receivedAt,
    });
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
