import { ChannelCommand, type InventorySetCommand, listingKeyOf } from "../../../shared/canonical/commands";
import { coreApi } from "../../../shared/connector/env";
import { messageOf, tracing } from "../../../shared/connector/inbox-decision";
import { createLogger, type LogFields } from "../../../shared/log";
import type { FetchLike } from "./client";
import {
  COMMANDS_QUEUE,
  type CommandDecision,
  type CommandEnv,
  decideCommand,
  pushReport,
} from "./push-decision";

const log = createLogger("shopify");

/** Backoff by delivery attempt for transient failures: 5 s, 10 s, 20 s... at most 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));
}

interface Parsed {
  message: Message<unknown>;
  command: InventorySetCommand;
}

/**
 * The `shopify-commands` consumer: core's inventory commands, pushed to the Admin API. Each message
 * is decided on its own (push-decision.ts) and ends acked (pushed, already shown, superseded),
 * retried with a delay (throttled, Shopify or core unavailable, quantity kept moving) or parked in
 * core and acked (invalid message, store without a usable token, Shopify refusing the write). A
 * message is acked only once core has the report of what happened, and its exception when parked.
 *
 * Within a batch, commands for the same listing run one after another in sequence order, and all
 * but the newest are superseded without a call to Shopify; different listings run concurrently.
 */
export function createCommandConsumer(options: { fetch?: FetchLike } = {}) {
  return async (batch: MessageBatch<unknown>, env: CommandEnv): Promise<void> => {
    const runs: Promise<void>[] = [];
    const listings = new Map<string, Parsed[]>();
    for (const message of batch.messages) {
      const parsed = ChannelCommand.safeParse(message.body);
      if (parsed.success) {
        const key = listingKeyOf(parsed.data.storeId, parsed.data.sku);
        listings.set(key, [...(listings.get(key) ?? []), { message, command: parsed.data }]);
      } else {
        runs.push(settle(message, env, async () => invalid(message.body, parsed.error.message)));
      }
    }
    for (const group of listings.values()) {
      group.sort((a, b) => a.command.sequence - b.command.sequence);
      const newest = group.at(-1)?.command.sequence ?? 0;
      const decide = ({ message, command }: Parsed) =>
        command.sequence < newest
          ? {
              action: "ack" as const,
              report: pushReport(command, "superseded", null, `sequence ${newest} is in the same batch`),
            }
          : decideCommand(command, env, clip(message.body), options.fetch);
      runs.push(
        (async () => {
          for (const parsed of group) await settle(parsed.message, env, async () => decide(parsed));
        })(),
      );
    }
    await Promise.all(runs);
  };
}

/** Decides one message and carries the decision out; never throws, never acks what core has not recorded. */
async function settle(
  message: Message<unknown>,
  env: CommandEnv,
  decide: () => Promise<CommandDecision>,
): Promise<void> {
  const fields: LogFields = {
    messageId: message.id,
    attempts: message.attempts,
    ...commandFields(message.body),
  };
  const retry = (reason: string, delaySeconds = retryDelaySeconds(message.attempts)) => {
    log.warn("command will be retried", { ...fields, reason, delaySeconds });
    message.retry({ delaySeconds });
  };
  let decision: CommandDecision;
  try {
    decision = await decide();
  } catch (err) {
    // Core could not say whether the command is current or whose store it is (or a bug): retried.
    retry(`could not decide: ${messageOf(err)}`);
    return;
  }
  if (decision.action === "retry") {
    retry(decision.reason, decision.delaySeconds ?? undefined);
    return;
  }
  const core = coreApi(env);
  try {
    // The report goes first: core records a repeated report once, a second park is a second exception.
    if (decision.report) await core.recordChannelPush(decision.report);
    if (decision.action === "park") await core.parkException(decision.park);
  } catch (err) {
    retry(`core could not record the outcome: ${messageOf(err)}`);
    return;
  }
  if (decision.action === "park")
    log.warn("command parked", { ...fields, kind: decision.park.kind, reason: decision.park.reason });
  message.ack();
}

function invalid(body: unknown, detail: string): CommandDecision {
  const { storeId, correlationId } = tracing(body);
  const reason = "message is not a ChannelCommand";
  const park = {
    kind: "validation" as const,
    source: COMMANDS_QUEUE,
    reason,
    detail,
    storeId,
    correlationId,
  };
  return { action: "park", park: { ...park, payloadRef: null, payload: clip(body) }, report: null };
}

function commandFields(body: unknown): LogFields {
  const record: Record<string, unknown> = body && typeof body === "object" ? { ...body } : {};
  const fields: LogFields = {};
  if (record.id !== undefined) fields.commandId = record.id;
  for (const key of ["storeId", "sku", "sequence", "correlationId"])
    if (record[key] !== undefined) fields[key] = record[key];
  return fields;
}

function clip(body: unknown): string | null {
  const text = JSON.stringify(body) ?? null;
  return text !== null && text.length <= 64_000 ? text : null;
}
