import { jsonResponse, type WireResponse } from "./wire";

/**
 * OData v2 error bodies as SAP Gateway writes them: `error.code`, `error.message{lang,value}` and
 * `innererror` with the transaction id, timestamp, the Error_Resolution hints and `errordetails`
 * (shape: reference/erp.md §3.4, quoting an S/4HANA 1909 system). Business errors are 400 with the
 * application's message class and number as the code (`V1/302`).
 */
export interface SapMessage {
  /** `MSGCLASS/NNN`, e.g. `V1/302`. */
  code: string;
  message: string;
  /** The property the message is about, e.g. `to_Item`, or "" for the document. */
  target?: string;
}

const RESOLUTION = {
  SAP_Transaction:
    'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details',
  SAP_Note: "See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)",
};

/** `20210524082515.9921880`: the innererror timestamp, UTC with seven fractional digits. */
export function gatewayTimestamp(now: number): string {
  const iso = new Date(now).toISOString();
  return `${iso.slice(0, 19).replace(/[-:T]/g, "")}.${iso.slice(20, 23)}0000`;
}

function transactionId(): string {
  return crypto.randomUUID().replaceAll("-", "").toUpperCase();
}

export function errorBody(first: SapMessage, details: readonly SapMessage[], now: number) {
  return {
    error: {
      code: first.code,
      message: { lang: "en", value: first.message },
      innererror: {
        transactionid: transactionId(),
        timestamp: gatewayTimestamp(now),
        Error_Resolution: RESOLUTION,
        errordetails: details.map((d) => ({
          code: d.code,
          message: d.message,
          propertyref: "",
          severity: "error",
          target: d.target ?? "",
          transition: false,
        })),
      },
    },
  };
}

export function sapError(
  status: number,
  messages: readonly [SapMessage, ...SapMessage[]],
  now: number,
  headers: Record<string, string> = {},
): WireResponse {
  const [first] = messages;
  return jsonResponse(status, errorBody(first, messages, now), `rejected:${first.code}`, headers);
}

/**
 * Gateway's own messages (message class /IWBEP/CM_MGW_RT). The statuses are SAP's; the message
 * numbers and texts are the sandbox's approximations (unverified), so clients should switch on status.
 */
export const GATEWAY = {
  notFound: (what: string): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/020",
    message: `Resource not found for segment '${what}'`,
  }),
  unknownSet: (segment: string): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/021",
    message: `Resource not found for the segment '${segment}'.`,
  }),
  badJson: (): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/004",
    message: "Malformed request body: the payload is not valid JSON.",
  }),
  methodNotAllowed: (method: string): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/023",
    message: `The request method ${method} is not allowed for this resource.`,
  }),
  /** SAP KBA 3514624: a change without If-Match. */
  preconditionRequired: (): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/003",
    message: "Precondition required: the request must contain an If-Match header with the entity's ETag.",
  }),
  preconditionFailed: (): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/002",
    message: "Precondition failed: the entity has been changed since its ETag was read.",
  }),
  badFilter: (filter: string): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/008",
    message: `Invalid system query option $filter: '${filter}'.`,
  }),
  internal: (): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/000",
    message: "In the context of Data Services an unknown internal server error occurred",
  }),
};
