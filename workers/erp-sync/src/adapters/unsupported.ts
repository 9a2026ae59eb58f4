import type { PushFailure } from "./erp-adapter";

/** The answer for a document kind or read an adapter does not handle: parked with a clear reason. */
export function unsupported(system: string, what: string): PushFailure {
  return {
    ok: false,
    errorClass: "validation",
    httpStatus: null,
    message: `the ${system} adapter does not handle ${what}`,
    detail: null,
  };
}
