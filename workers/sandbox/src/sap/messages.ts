import type { SapMessage } from "./odata-errors";

/**
 * Application messages the sandbox raises, by SAP message class and number. The classes are SAP's
 * (V1 sales, VL deliveries, M7 inventory management, F5 financial accounting, R1 business partner);
 * where a number or text is not documented publicly it is the sandbox's approximation [unverified],
 * so clients should rely on the 400 and show the text, never parse it.
 */
export const MSG = {
  /** [unverified number] */
  soldToNotInSalesArea: (party: string, org: string, channel: string, division: string): SapMessage => ({
    code: "V1/302",
    message: `Sold-to party ${party} not maintained for sales area ${org} ${channel} ${division}`,
  }),
  mandatoryField: (field: string): SapMessage => ({
    code: "V1/384",
    message: `Enter a value in field ${field}`,
    target: field,
  }),
  tooLong: (field: string, max: number): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/011",
    message: `Property '${field}' has invalid value: the maximum length is ${max}`,
    target: field,
  }),
  /** SAP Cloud SDK Javadoc of CustomerReturnService quotes this text for creates without items. */
  noRelatedEntities: (): SapMessage => ({
    code: "V1/556",
    message: "You cannot create entities without including any related entities",
    target: "to_Item",
  }),
  invalidQuantity: (item: string): SapMessage => ({
    code: "V1/375",
    message: `Item ${item}: enter a quantity greater than zero`,
  }),
  documentNotFound: (doc: string): SapMessage => ({
    code: "V1/302",
    message: `SD document ${doc} is not in the database or has been archived`,
  }),
  itemNotFound: (doc: string, item: string): SapMessage => ({
    code: "V1/305",
    message: `Item ${item} does not exist in document ${doc}`,
  }),
  belowDelivered: (item: string, delivered: string): SapMessage => ({
    code: "V1/499",
    message: `Item ${item}: the order quantity cannot be less than the delivered quantity ${delivered}`,
  }),
  fullyDelivered: (item: string): SapMessage => ({
    code: "V1/498",
    message: `Item ${item} has been fully delivered and cannot be rejected`,
  }),
  notChangeable: (field: string): SapMessage => ({
    code: "V1/071",
    message: `Field ${field} cannot be changed`,
    target: field,
  }),
  overDelivery: (doc: string, item: string, open: string): SapMessage => ({
    code: "VL/363",
    message: `Item ${item} of ${doc}: only ${open} is still open for delivery`,
  }),
  itemRejected: (doc: string, item: string): SapMessage => ({
    code: "VL/248",
    message: `Item ${item} of ${doc} is rejected and not relevant for delivery`,
  }),
  alreadyIssued: (delivery: string): SapMessage => ({
    code: "VL/602",
    message: `Goods issue for delivery ${delivery} has already been posted`,
  }),
  /** M7/021 is SAP's deficit message; the wording follows what users report seeing. */
  deficit: (qty: string, material: string, plant: string, sloc: string): SapMessage => ({
    code: "M7/021",
    message: `Deficit of SL Unrestricted-use ${qty} EA : ${material} ${plant} ${sloc}`,
  }),
  unknownMovementType: (type: string): SapMessage => ({
    code: "M7/001",
    message: `Movement type ${type} is not defined`,
  }),
  wrongMovementCode: (code: string, type: string): SapMessage => ({
    code: "M7/160",
    message: `Movement type ${type} is not allowed with goods movement code ${code}`,
  }),
  /** [unverified number and text] A text with this language and text ID exists on the document. */
  textExists: (id: string, language: string): SapMessage => ({
    code: "/IWBEP/CM_MGW_RT/101",
    message: `Text ${id} in language ${language} already exists`,
    target: "to_Text",
  }),
  roleMissing: (): SapMessage => ({
    code: "R11/401",
    message: "Specify a business partner category (1 person, 2 organization)",
    target: "BusinessPartnerCategory",
  }),
};
