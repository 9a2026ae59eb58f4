import {
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Calculated query cost, Shopify's way simplified (README): a field that returns an object costs 1
 * (lists of objects too: the subset has no connections to multiply), a scalar or enum costs 0, and a
 * top-level mutation field costs 10 whatever it selects. The cost is known before execution
 * (`requestedQueryCost`) and, with no connections, is also what the query actually costs.
 */
export const MUTATION_COST = 10;
const OBJECT_COST = 1;

export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number {
  if (operation.operation === "mutation") {
    return countTopFields(operation.selectionSet, fragments) * MUTATION_COST;
  }
  const root = operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  return root ? selectionCost(schema, root, operation.selectionSet, fragments, new Set()) : 0;
}

function countTopFields(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number {
  let n = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) n += selection.name.value === "__typename" ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) n += countTopFields(selection.selectionSet, fragments);
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) n += countTopFields(fragment.selectionSet, fragments);
    }
  }
  return n;
}

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  spreading: Set<string>,
): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!("getFields" in parent)) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue;
      const type = getNamedType(field.type);
      if (isCompositeType(type) && selection.selectionSet) {
        cost += OBJECT_COST + selectionCost(schema, type, selection.selectionSet, fragments, spreading);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (condition && isCompositeType(condition)) {
        cost += selectionCost(schema, condition, selection.selectionSet, fragments, spreading);
      }
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || spreading.has(name)) continue;
      const condition = schema.getType(fragment.typeCondition.name.value);
      if (!condition || !isCompositeType(condition)) continue;
      spreading.add(name);
      cost += selectionCost(schema, condition, fragment.selectionSet, fragments, spreading);
      spreading.delete(name);
    }
  }
  return cost;
}

/** The leaky bucket as stored: points available at a moment; it refills at `restoreRate` per second. */
export interface Bucket {
  available: number;
  at: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export function refill(bucket: Bucket | null, now: number, maximum: number, restoreRate: number): Bucket {
  if (!bucket) return { available: maximum, at: now };
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  return { available: Math.min(maximum, bucket.available + elapsed * restoreRate), at: now };
}

export function throttleStatus(bucket: Bucket, maximum: number, restoreRate: number): ThrottleStatus {
  return {
    maximumAvailable: maximum,
    currentlyAvailable: Math.max(0, Math.floor(bucket.available)),
    restoreRate,
  };
}
