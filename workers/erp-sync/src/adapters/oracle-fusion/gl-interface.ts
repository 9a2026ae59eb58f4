import { formatDecimal, type JournalEntry } from "../../../../../shared/canonical";

/**
 * A journal entry as GlInterface.csv rows, the General Ledger journal import file (FBDI template
 * JournalImportTemplate, sheet GL_INTERFACE): positional columns STATUS, LEDGER_ID, ACCOUNTING_DATE,
 * USER_JE_SOURCE_NAME, USER_JE_CATEGORY_NAME, CURRENCY_CODE, DATE_CREATED, ACTUAL_FLAG, SEGMENT1-30,
 * ENTERED_DR, ENTERED_CR, ACCOUNTED_DR, ACCOUNTED_CR, REFERENCE1-10. The GL account of each line is the
 * connection's gl_account mapping of its purpose, a segment combination such as `101-10-4110-000`.
 */
export const JOURNAL_SOURCE = "Mesh";
export const JOURNAL_CATEGORY = "Adjustment";
const SEGMENTS = 30;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function glInterfaceCsv(
  journal: JournalEntry,
  accounts: readonly string[],
  batchName: string,
): string {
  const rows = journal.lines.map((line, i) => {
    const segments = (accounts[i] ?? "").split(/[-.]/);
    const amount = formatDecimal(line.amount.amount, journal.currency);
    const row = [
      "NEW",
      "",
      journal.date,
      JOURNAL_SOURCE,
      JOURNAL_CATEGORY,
      journal.currency,
      journal.date,
      "A",
      ...Array.from({ length: SEGMENTS }, (_, s) => segments[s] ?? ""),
      line.side === "debit" ? amount : "",
      line.side === "credit" ? amount : "",
      "",
      "",
      batchName,
      journal.memo.slice(0, 240),
      "",
      batchName,
      journal.memo.slice(0, 240),
      `${journal.source} ${journal.externalId}`.slice(0, 240),
      "",
      "",
      "",
      (line.memo ?? line.purpose).slice(0, 240),
    ];
    return row.map(csvField).join(",");
  });
  return `${rows.join("\n")}\n`;
}
