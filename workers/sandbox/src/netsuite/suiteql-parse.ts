/**
 * The SuiteQL the sandbox understands: one table, equality / inequality / IN conditions joined by AND,
 * ORDER BY, column aliases. Enough for the lookups an integration makes (a customer by email, a
 * transaction by external id, items, on-hand per location); anything else is refused the way NetSuite
 * refuses an invalid query (400 INVALID_PARAMETER, "Invalid search query...", wording [unverified]).
 */
export type Literal = string | number;

export interface Condition {
  column: string;
  op: "=" | "<>" | "in";
  values: Literal[];
}

export interface Query {
  columns: Array<{ name: string; alias: string }> | "*";
  table: string;
  where: Condition[];
  orderBy: Array<{ column: string; desc: boolean }>;
}

type Token = { kind: "word" | "string" | "number" | "symbol"; text: string };

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(<>|!=|[=,()*]))/y;

function tokenize(sql: string): Token[] | null {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    if (/^\s*$/.test(sql.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(sql);
    if (!m) return null;
    if (m[1] !== undefined) tokens.push({ kind: "string", text: m[1].slice(1, -1).replaceAll("''", "'") });
    else if (m[2] !== undefined) tokens.push({ kind: "number", text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: "word", text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: "symbol", text: m[4] === "!=" ? "<>" : m[4] });
  }
  return tokens;
}

class Cursor {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.at];
  }
  next(): Token | undefined {
    return this.tokens[this.at++];
  }
  keyword(word: string): boolean {
    const t = this.peek();
    if (t?.kind === "word" && t.text.toUpperCase() === word) {
      this.at++;
      return true;
    }
    return false;
  }
  symbol(text: string): boolean {
    if (this.peek()?.kind === "symbol" && this.peek()?.text === text) {
      this.at++;
      return true;
    }
    return false;
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }
}

const RESERVED = new Set(["SELECT", "FROM", "WHERE", "AND", "IN", "ORDER", "BY", "ASC", "DESC", "AS"]);

function identifier(cursor: Cursor): string | null {
  const t = cursor.next();
  if (t?.kind !== "word" || RESERVED.has(t.text.toUpperCase())) return null;
  // `alias.column`: the sandbox has one table per query, so the qualifier names nothing else.
  return (t.text.split(".").pop() ?? t.text).toLowerCase();
}

function literal(cursor: Cursor): Literal | null {
  const t = cursor.next();
  if (t?.kind === "string") return t.text;
  if (t?.kind === "number") return Number(t.text);
  return null;
}

function condition(cursor: Cursor): Condition | null {
  const column = identifier(cursor);
  if (!column) return null;
  if (cursor.keyword("IN")) {
    if (!cursor.symbol("(")) return null;
    const values: Literal[] = [];
    do {
      const value = literal(cursor);
      if (value === null) return null;
      values.push(value);
    } while (cursor.symbol(","));
    return cursor.symbol(")") ? { column, op: "in", values } : null;
  }
  const op = cursor.symbol("=") ? "=" : cursor.symbol("<>") ? "<>" : null;
  const value = op ? literal(cursor) : null;
  return op && value !== null ? { column, op, values: [value] } : null;
}

export function parseSuiteQl(sql: string): Query | null {
  const tokens = tokenize(sql);
  if (!tokens) return null;
  const cursor = new Cursor(tokens);
  if (!cursor.keyword("SELECT")) return null;
  let columns: Query["columns"] = [];
  if (cursor.symbol("*")) columns = "*";
  else {
    do {
      const name = identifier(cursor);
      if (!name) return null;
      const alias = cursor.keyword("AS") ? identifier(cursor) : null;
      columns.push({ name, alias: alias ?? name });
    } while (cursor.symbol(","));
  }
  if (!cursor.keyword("FROM")) return null;
  const table = identifier(cursor);
  if (!table) return null;
  if (cursor.peek()?.kind === "word" && !RESERVED.has(cursor.peek()?.text.toUpperCase() ?? "")) cursor.next();
  const where: Condition[] = [];
  if (cursor.keyword("WHERE")) {
    do {
      const c = condition(cursor);
      if (!c) return null;
      where.push(c);
    } while (cursor.keyword("AND"));
  }
  const orderBy: Query["orderBy"] = [];
  if (cursor.keyword("ORDER")) {
    if (!cursor.keyword("BY")) return null;
    do {
      const column = identifier(cursor);
      if (!column) return null;
      const desc = cursor.keyword("DESC");
      if (!desc) cursor.keyword("ASC");
      orderBy.push({ column, desc });
    } while (cursor.symbol(","));
  }
  return cursor.done() ? { columns, table, where, orderBy } : null;
}
