/**
 * The little XML the journal entry SOAP exchange needs: escaping for what we write, and reading
 * elements by local name from SAP's confirmation (Workers have no DOMParser; the confirmation's
 * shape is fixed and small).
 */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function element(name: string, content: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  return `<${name}${attrs}>${content}</${name}>`;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Inner XML of every element with this local name, whatever its namespace prefix. */
export function innerOf(xml: string, name: string): string[] {
  const pattern = new RegExp(
    `<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`,
    "g",
  );
  return Array.from(xml.matchAll(pattern), (m) => m[1] ?? "");
}

export function textOf(xml: string, name: string): string {
  const inner = innerOf(xml, name)[0];
  return inner === undefined ? "" : decodeXml(inner.replace(/<[^>]+>/g, "")).trim();
}
