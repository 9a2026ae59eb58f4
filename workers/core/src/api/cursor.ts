import { ProblemError } from "../../../../shared/http/problem";

/**
 * Page cursors are the last id of the previous page (ids sort by creation time), wrapped in
 * base64url so callers treat them as opaque and we may change what they hold.
 */
export function encodeCursor(lastId: string): string {
  return btoa(`v1:${lastId}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): string {
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    throw new ProblemError("badRequest", "The cursor is not one this API issued.");
  }
  if (!text.startsWith("v1:") || text.length < 4) {
    throw new ProblemError("badRequest", "The cursor is not one this API issued.");
  }
  return text.slice(3);
}

/** Splits a `limit + 1` query result into the page and the cursor of the next one. */
export function paginate<T extends { id: string }>(
  rows: T[],
  limit: number,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
