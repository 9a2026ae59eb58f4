/**
 * NetSuite's error body (`{"type","title","status","o:errorDetails":[{"detail","o:errorCode",
 * "o:errorPath"}]}`, Oracle "Error Handling in REST Web Services") read defensively: anything else
 * NetSuite or a proxy sends is kept as raw text.
 */
export interface ErrorDetail {
  detail?: unknown;
  "o:errorCode"?: unknown;
  "o:errorPath"?: unknown;
}

const DETAIL_LIMIT = 8_000;

export function errorDetails(body: string): ErrorDetail[] | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null || !("o:errorDetails" in parsed)) return null;
    const details = parsed["o:errorDetails"];
    return Array.isArray(details) ? details : null;
  } catch {
    return null;
  }
}

/** NetSuite's `o:errorDetails` exactly as it sent them; the raw body when it sent something else. */
export function detailOf(body: string): string | null {
  const details = errorDetails(body);
  if (details) return JSON.stringify(details).slice(0, DETAIL_LIMIT);
  return body.trim() === "" ? null : body.slice(0, DETAIL_LIMIT);
}

export function firstError(
  body: string,
): { code: string | null; detail: string; path: string | null } | null {
  const first = errorDetails(body)?.[0];
  if (!first) return null;
  return {
    code: typeof first["o:errorCode"] === "string" ? first["o:errorCode"] : null,
    detail: typeof first.detail === "string" ? first.detail : "",
    path: typeof first["o:errorPath"] === "string" ? first["o:errorPath"] : null,
  };
}

/** One line for people: `NetSuite 400 USER_ERROR at item.items[0].item: <detail>`. */
export function summarize(status: number, body: string): string {
  const first = firstError(body);
  if (!first) return `NetSuite answered ${status}`;
  const path = first.path ? ` at ${first.path}` : "";
  const text = first.detail ? `: ${first.detail}` : "";
  return `NetSuite ${status} ${first.code ?? "ERROR"}${path}${text}`;
}
