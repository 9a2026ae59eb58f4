import {
  type DocumentNode,
  ExecutableDefinitionsRule,
  executeSync,
  FieldsOnCorrectTypeRule,
  type FragmentDefinitionNode,
  FragmentsOnCompositeTypesRule,
  GraphQLError,
  type GraphQLFormattedError,
  getOperationAST,
  Kind,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownOperationTypesRule,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  parse,
  ScalarLeafsRule,
  specifiedRules,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  type ValidationRule,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
  validate,
} from "graphql";
import { type Bucket, requestedCost, type ThrottleStatus, throttleStatus } from "./cost";
import { inventorySetQuantities, type MutationContext } from "./inventory-set";
import { itemObject, locationObject } from "./objects";
import { adminSchema } from "./schema";
import type { ShopSettings } from "./settings";

/**
 * One POST to graphql.json, inside the shop's Durable Object: parse, validate (each spec rule on its
 * own, so every error gets a code in the style of Shopify's graphql-ruby), compute the requested cost,
 * refuse past the single-query limit or when the bucket lacks the points, execute, charge the bucket.
 * Every answer that got as far as a cost carries `extensions.cost`.
 */
export const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

const RULE_CODES = new Map<ValidationRule, string>([
  [ExecutableDefinitionsRule, "executableDefinitions"],
  [UniqueOperationNamesRule, "uniquelyNamedOperations"],
  [LoneAnonymousOperationRule, "loneAnonymousOperation"],
  [KnownOperationTypesRule, "missingMutationConfiguration"],
  [KnownTypeNamesRule, "undefinedType"],
  [FragmentsOnCompositeTypesRule, "fragmentOnNonCompositeType"],
  [VariablesAreInputTypesRule, "variableRequiresValidType"],
  [ScalarLeafsRule, "selectionMismatch"],
  [FieldsOnCorrectTypeRule, "undefinedField"],
  [UniqueFragmentNamesRule, "fragmentNotUnique"],
  [KnownFragmentNamesRule, "undefinedFragment"],
  [NoUnusedFragmentsRule, "useAndDefineFragment"],
  [PossibleFragmentSpreadsRule, "cannotSpreadFragment"],
  [NoFragmentCyclesRule, "infiniteLoop"],
  [UniqueVariableNamesRule, "variableNotUnique"],
  [NoUndefinedVariablesRule, "variableNotDefined"],
  [NoUnusedVariablesRule, "variableNotUsed"],
  [KnownDirectivesRule, "undefinedDirective"],
  [UniqueDirectivesPerLocationRule, "directiveNotUniqueForLocation"],
  [KnownArgumentNamesRule, "argumentNotAccepted"],
  [UniqueArgumentNamesRule, "argumentNotUnique"],
  [ValuesOfCorrectTypeRule, "argumentLiteralsIncompatible"],
  [ProvidedRequiredArgumentsRule, "missingRequiredArguments"],
  [VariablesInAllowedPositionRule, "variableMismatch"],
  [OverlappingFieldsCanBeMergedRule, "fieldConflict"],
  [UniqueInputFieldNamesRule, "inputFieldNotUnique"],
]);

export interface GraphqlAnswer {
  status: number;
  body: Record<string, unknown>;
  outcome: string;
  /** Points charged to the bucket. */
  charged: number;
  /** Quantities refused as CHANGE_FROM_QUANTITY_STALE. */
  stale: number;
}

export interface RunInput {
  query: string;
  variables: Record<string, unknown> | null;
  operationName: string | null;
  settings: ShopSettings;
  /** The bucket refilled up to now. */
  bucket: Bucket;
  /** A fault: answer THROTTLED with this status whatever the bucket holds. */
  forcedThrottle: number | null;
  mutation: Omit<MutationContext, "idempotent" | "report">;
}

export function runGraphql(input: RunInput): GraphqlAnswer {
  const { schema, idempotent } = adminSchema();
  let document: DocumentNode;
  try {
    document = parse(input.query);
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    // Shopify answers a syntax error with its message and location only.
    const { message, locations } = err.toJSON();
    return {
      status: 200,
      body: { errors: [{ message, locations }] },
      outcome: "parse_error",
      charged: 0,
      stale: 0,
    };
  }
  const invalid = validateWithCodes(document);
  if (invalid.length > 0)
    return { status: 200, body: { errors: invalid }, outcome: "invalid", charged: 0, stale: 0 };

  const operation = getOperationAST(document, input.operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const requested = operation ? requestedCost(schema, operation, fragments) : 0;
  const { settings, bucket } = input;
  const status = (): ThrottleStatus =>
    throttleStatus(bucket, settings.maximumAvailable, settings.restoreRate);

  if (requested > settings.maxQueryCost) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message:
              `Query cost is ${requested}, which exceeds the single query max cost limit (${settings.maxQueryCost}).\n\n` +
              `See ${RATE_LIMITS_DOC} for more information on how the\ncost of a query is calculated.\n`,
            extensions: {
              code: "MAX_COST_EXCEEDED",
              cost: requested,
              maxCost: settings.maxQueryCost,
              documentation: RATE_LIMITS_DOC,
            },
          },
        ],
      },
      outcome: "max_cost_exceeded",
      charged: 0,
      stale: 0,
    };
  }
  if (input.forcedThrottle !== null || requested > bucket.available) {
    return {
      status: input.forcedThrottle ?? settings.throttledStatus,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC } }],
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() },
        },
      },
      outcome: input.forcedThrottle === null ? "throttled" : "fault_throttled",
      charged: 0,
      stale: 0,
    };
  }

  const outcomes: string[] = [];
  let stale = 0;
  const context: MutationContext = {
    ...input.mutation,
    idempotent,
    report: (outcome, details) => {
      outcomes.push(outcome);
      stale += details.stale;
    },
  };
  const rootValue = {
    inventoryItem: ({ id }: { id: string }) => {
      const item = context.store.item(id);
      return item ? itemObject(context.store, item) : null;
    },
    location: ({ id }: { id?: string | null }) => {
      const location = id ? context.store.location(id) : (context.store.locations()[0] ?? null);
      return location ? locationObject(location) : null;
    },
    inventorySetQuantities,
  };
  const result = executeSync({
    schema,
    document,
    rootValue,
    contextValue: context,
    variableValues: input.variables,
    operationName: input.operationName,
  });
  const ran = result.data !== undefined && result.data !== null;
  const charged = ran ? requested : 0;
  bucket.available -= charged;
  const errors = result.errors?.map((e) => withCode(e.toJSON(), ran));
  return {
    status: 200,
    body: {
      ...(errors ? { errors } : {}),
      ...(result.data !== undefined ? { data: result.data } : {}),
      extensions: {
        cost: { requestedQueryCost: requested, actualQueryCost: charged, throttleStatus: status() },
      },
    },
    outcome: outcomes.length > 0 ? outcomes.join(",") : errors ? "errors" : "ok",
    charged,
    stale,
  };
}

function validateWithCodes(document: DocumentNode): GraphQLFormattedError[] {
  const { schema } = adminSchema();
  const errors: GraphQLFormattedError[] = [];
  for (const rule of specifiedRules) {
    for (const error of validate(schema, document, [rule])) {
      let code = RULE_CODES.get(rule) ?? "validationError";
      if (rule === KnownDirectivesRule && /may not be used on/.test(error.message))
        code = "directiveCannotBeApplied";
      const { message, locations, path } = error.toJSON();
      errors.push({
        message,
        ...(locations ? { locations } : {}),
        ...(path ? { path } : {}),
        extensions: { code },
      });
    }
  }
  return errors;
}

/** Request errors (bad variables, no operation) get a code; field errors keep the resolver's. */
function withCode(error: GraphQLFormattedError, ran: boolean): GraphQLFormattedError {
  if (error.extensions?.code) return error;
  const code = ran
    ? "INTERNAL_SERVER_ERROR"
    : /^Variable "\$/.test(error.message)
      ? "INVALID_VARIABLE"
      : "BAD_REQUEST";
  return { ...error, extensions: { ...error.extensions, code } };
}
