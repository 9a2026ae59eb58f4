import { type JsonObject, text } from "./json";

/**
 * The `q` parameter of Fusion REST collections. Two syntaxes: the simple one of framework version 1
 * (`q=Attr=value;Attr2=value`) and the row-match expressions of later versions
 * (`q=Attr='value' and Attr2='value'`). The sandbox understands equality clauses joined by `;` or
 * `and`, values bare or in single or double quotes (a doubled quote escapes itself); that is what
 * adapters use to find a record by its reference before creating it.
 */
export interface Clause {
  attribute: string;
  value: string;
}

export function parseQuery(q: string): Clause[] | null {
  const clauses: Clause[] = [];
  let rest = q.trim();
  while (rest !== "") {
    const head = /^([A-Za-z][A-Za-z0-9_]*)\s*=\s*/.exec(rest);
    if (!head?.[1]) return null;
    rest = rest.slice(head[0].length);
    const parsed = readValue(rest);
    if (!parsed) return null;
    clauses.push({ attribute: head[1], value: parsed.value });
    rest = parsed.rest.trim();
    const joiner = /^(;|and\s)\s*/i.exec(rest);
    if (joiner) rest = rest.slice(joiner[0].length);
    else if (rest !== "") return null;
  }
  return clauses;
}

function readValue(input: string): { value: string; rest: string } | null {
  const quote = input[0];
  if (quote === "'" || quote === '"') {
    let value = "";
    for (let i = 1; i < input.length; i++) {
      const char = input[i];
      if (char !== quote) {
        value += char;
        continue;
      }
      if (input[i + 1] === quote) {
        value += quote;
        i++;
        continue;
      }
      return { value, rest: input.slice(i + 1) };
    }
    return null;
  }
  const bare = /^[^;\s]+/.exec(input);
  return bare ? { value: bare[0], rest: input.slice(bare[0].length) } : null;
}

export function matches(body: JsonObject, clauses: readonly Clause[]): boolean {
  return clauses.every((c) => text(body[c.attribute]) === c.value);
}
