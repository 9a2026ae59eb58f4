/**
 * Business Central's API error body, `{"error":{"code","message"}}`, with the codes of Microsoft's
 * "Error Codes" table for API v2.0 (dev-itpro/api-reference/v2.0/dynamics-error-codes.md). Real
 * messages end with `  CorrelationId:  <guid>.`; the sandbox appends one so clients never parse it.
 */
export interface BcError {
  status: number;
  code: string;
  message: string;
}

export function bcError(status: number, code: string, message: string): BcError {
  return { status, code, message };
}

export function errorBody(error: BcError): { error: { code: string; message: string } } {
  return {
    error: { code: error.code, message: `${error.message}  CorrelationId:  ${crypto.randomUUID()}.` },
  };
}

export function errorResponse(error: BcError, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; odata.metadata=minimal");
  return new Response(JSON.stringify(errorBody(error)), { status: error.status, headers: h });
}

/** From the error table: ODataBadRequestInvalidTokenException, sent for a missing or malformed If-Match. */
export const INVALID_TOKEN = bcError(
  400,
  "BadRequest_InvalidToken",
  "Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.",
);

/** ODataConflictException: the If-Match etag is not the record's current one. */
export const ENTITY_CHANGED = bcError(
  409,
  "Request_EntityChanged",
  "Another user has already changed the record.",
);

/** NavInvalidCredentialException; also what the API answers for an expired or unknown bearer token. */
export const INVALID_CREDENTIALS = bcError(
  401,
  "Authentication_InvalidCredentials",
  "The server has rejected the client credentials.",
);

/** The text of NavCompanyNotFoundException in the error table. The status is the sandbox's choice. */
export const COMPANY_NOT_FOUND = bcError(
  400,
  "Internal_CompanyNotFound",
  'Cannot process the request because the default company cannot be found. You can specify a default company in the service configuration file, or specify one for each tenant, or you can add a query string in the form of "company=[name]". You can see the available companies by accessing the default OData web service, Company. For more information, see "OData Web Services" in Help',
);

/** 429 text of the operational-limits page; the code is the sandbox's convention (Microsoft documents none). */
export const TOO_MANY_REQUESTS = bcError(
  429,
  "Application_TooManyRequests",
  "The request limit has been exceeded. Wait and try again.",
);

export const INTERNAL_ERROR = bcError(
  500,
  "Internal_ServerError",
  "An unexpected error occurred on the server.",
);

/** Blog-reported text (demiliani.com, 2021-01-12) for a JSON $batch over the 100-operation quota. */
export const TOO_MANY_BATCH_PARTS = bcError(
  400,
  "Unknown",
  "The current batch message contains too many parts. A maximum number of '100' query operations and change sets are allowed in a batch message.",
);

export function resourceNotFound(segment: string): BcError {
  return bcError(404, "BadRequest_ResourceNotFound", `Resource not found for the segment '${segment}'.`);
}

/** Wording of the not-found message is the sandbox's; the code and 404 are what clients switch on. */
export function recordNotFound(entity: string, id: string): BcError {
  return bcError(
    404,
    "BadRequest_NotFound",
    `The ${entity} does not exist. Identification fields and values: Id='${id}'`,
  );
}

export function methodNotAllowed(method: string, set: string, kind: "Collection" | "Entity"): BcError {
  return bcError(
    405,
    "BadRequest_MethodNotAllowed",
    `'${method}' requests for '${set}' of EdmType '${kind}' are not allowed within Dynamics 365 Business Central OData web services.`,
  );
}

export function dialog(message: string): BcError {
  return bcError(400, "Application_DialogException", message);
}

/** NavCSideValidateTableRelationException, e.g. an item number that is not in the Item table. */
export function tableRelation(field: string, table: string, value: string, related: string): BcError {
  return bcError(
    400,
    "Internal_InvalidTableRelation",
    `The field ${field} of table ${table} contains a value (${value}) that cannot be found in the related table (${related}).`,
  );
}

export function badRequest(message: string): BcError {
  return bcError(400, "BadRequest", message);
}

/** Entra ID's token-endpoint error body (OAuth 2.0 §5.2 plus Microsoft's error_codes and ids). */
export function entraError(status: number, error: string, aadsts: number, description: string): Response {
  const traceId = crypto.randomUUID();
  const correlationId = crypto.randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").slice(0, 19);
  return Response.json(
    {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}Z`,
      error_codes: [aadsts],
      timestamp: `${timestamp}Z`,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
    { status },
  );
}
