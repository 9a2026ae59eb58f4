import { type ModelApi, type Row, refuse } from "./model-api";
import { date, decimal, minorOf } from "./wire";

/**
 * A posted account.move keyed by its `description` (the document reference): looked up first; a
 * draft found there (an earlier attempt lost before `post`) is posted, a posted one is returned as
 * it is. The period is the standard period holding the date, whatever its state: posting into a
 * closed one is refused by Tryton itself (`account.msg_create_journal_period_closed_period`), which
 * classify.ts reports as closed_period. The callers' line descriptions carry the mesh stamp
 * (stamp.ts); the move's description stays the key.
 */
export interface MoveLine {
  account: number;
  /** Minor units; exactly one of debit and credit is non-zero. */
  debit: number;
  credit: number;
  party?: number | null;
  description?: string | null;
}

export interface PostedMove {
  id: number;
  number: string | null;
  lines: { id: number; account: number; party: number | null; debit: number; credit: number }[];
}

export async function postMove(
  api: ModelApi,
  input: {
    journal: number;
    isoDate: string;
    reference: string;
    currency: string;
    lines: readonly MoveLine[];
  },
): Promise<PostedMove> {
  let [id] = await api.search("account.move", [["description", "=", input.reference]], 1);
  if (id === undefined) {
    const when = date(input.isoDate);
    const [period] = await api.search(
      "account.period",
      [
        ["start_date", "<=", when],
        ["end_date", ">=", when],
        ["type", "=", "standard"],
      ],
      1,
    );
    if (period === undefined)
      throw refuse("business", `Tryton has no accounting period for ${input.isoDate}`);
    const lines: Row[] = input.lines.map((l) => ({
      account: l.account,
      debit: decimal(l.debit, input.currency),
      credit: decimal(l.credit, input.currency),
      ...(l.party ? { party: l.party } : {}),
      ...(l.description ? { description: l.description.slice(0, 250) } : {}),
    }));
    [id] = await api.create("account.move", [
      {
        journal: input.journal,
        period,
        date: when,
        description: input.reference,
        lines: [["create", lines]],
      },
    ]);
    if (id === undefined) throw refuse("transient", "Tryton created no account move");
  }
  const [move] = await api.read("account.move", [id], ["state", "post_number", "lines"]);
  if (move?.state !== "posted") await api.button("account.move", "post", [id]);
  const [after] = await api.read("account.move", [id], ["post_number", "lines"]);
  const lineRows = await api.read("account.move.line", Array.isArray(after?.lines) ? after.lines : [], [
    "account",
    "party",
    "debit",
    "credit",
  ]);
  return {
    id,
    number: typeof after?.post_number === "string" ? after.post_number : null,
    lines: lineRows.map((l) => ({
      id: Number(l.id),
      account: Number(l.account),
      party: typeof l.party === "number" ? l.party : null,
      debit: minorOf(l.debit, input.currency),
      credit: minorOf(l.credit, input.currency),
    })),
  };
}

export async function journalByType(
  api: ModelApi,
  type: string,
  preferredCode: string | null = null,
): Promise<number> {
  if (preferredCode) {
    const [byCode] = await api.search(
      "account.journal",
      [
        ["code", "=", preferredCode],
        ["type", "=", type],
      ],
      1,
    );
    if (byCode !== undefined) return byCode;
  }
  const [id] = await api.search("account.journal", [["type", "=", type]], 1);
  if (id === undefined) throw refuse("business", `Tryton has no ${type} journal`);
  return id;
}
