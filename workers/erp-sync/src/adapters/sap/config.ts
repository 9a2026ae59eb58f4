import type { ErpConnectionOf } from "../../../../../shared/erp";

/**
 * The SAP connection in the form the client uses, and where SAP's services live. Paths are SAP's own
 * (`/sap/opu/odata/sap/<SERVICE>/<EntitySet>`), with the `sap-client` query parameter when the
 * connection names a client; the outbound delivery API is addressed in its version 2 (`;v=0002`).
 */
export const SERVICE = {
  salesOrder: "API_SALES_ORDER_SRV",
  customerReturn: "API_CUSTOMER_RETURN_SRV",
  creditMemoRequest: "API_CREDIT_MEMO_REQUEST_SRV",
  outboundDelivery: "API_OUTBOUND_DELIVERY_SRV;v=0002",
  materialDocument: "API_MATERIAL_DOCUMENT_SRV",
  businessPartner: "API_BUSINESS_PARTNER",
  materialStock: "API_MATERIAL_STOCK_SRV",
  accountingItems: "API_OPLACCTGDOCITEMCUBE_SRV",
} as const;
export type SapService = (typeof SERVICE)[keyof typeof SERVICE];

/** Journal Entry - Post (Synchronous), SOAP, communication scenario SAP_COM_0002. */
export const JOURNAL_ENTRY_SOAP_PATH = "/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi";

export interface SapConfig {
  baseUrl: string;
  sapClient: string | null;
  authorization: string;
  /** Key of this connection's CSRF session in the cache: a new revision starts a new session. */
  sessionKey: string;
  settings: ErpConnectionOf<"sap_s4hana">["settings"];
}

function basic(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export function sapConfig(connection: ErpConnectionOf<"sap_s4hana">): SapConfig {
  return {
    baseUrl: connection.settings.baseUrl,
    sapClient: connection.settings.sapClient,
    authorization: basic(connection.credentials.username, connection.credentials.password),
    sessionKey: `${connection.id}:${connection.revision}`,
    settings: connection.settings,
  };
}

/** OData query options keep their `$` names readable; values are percent-encoded. */
export function odataUrl(
  config: SapConfig,
  service: SapService,
  resource: string,
  query: Record<string, string> = {},
): string {
  const params = { ...query, ...(config.sapClient ? { "sap-client": config.sapClient } : {}) };
  const search = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  return `${config.baseUrl}/sap/opu/odata/sap/${service}/${resource}${search ? `?${search}` : ""}`;
}

export function soapUrl(config: SapConfig): string {
  const client = config.sapClient ? `?sap-client=${config.sapClient}` : "";
  return `${config.baseUrl}${JOURNAL_ENTRY_SOAP_PATH}${client}`;
}
