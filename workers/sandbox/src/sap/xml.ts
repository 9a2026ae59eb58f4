/**
 * Just enough XML for SOAP envelopes of a known shape: elements found by local name (any namespace
 * prefix), their attributes and decoded text. Workers have no DOMParser; the journal entry messages
 * never nest an element inside one of the same name, which is what makes this small reader enough.
 */
export interface XmlElement {
  attributes: Record<string, string>;
  inner: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity.toLowerCase()] ?? "";
  });
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${Object.entries(ENTITIES).find(([, v]) => v === c)?.[0] ?? "amp"};`,
  );
}

function parseAttributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of raw.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name = match[1]?.replace(/^.*:/, "");
    if (name) out[name] = decodeXml(match[3] ?? match[4] ?? "");
  }
  return out;
}

/** Every element with this local name, in document order (self-closing ones with empty content). */
export function elements(xml: string, name: string): XmlElement[] {
  const pattern = new RegExp(
    `<(?:[\\w.-]+:)?${name}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>)`,
    "g",
  );
  return Array.from(xml.matchAll(pattern), (m) => ({
    attributes: parseAttributes(m[1] ?? ""),
    inner: m[2] ?? "",
  }));
}

export function firstElement(xml: string, name: string): XmlElement | null {
  return elements(xml, name)[0] ?? null;
}

/** The decoded, trimmed text of the first element with this local name, or "" when there is none. */
export function textOf(xml: string, name: string): string {
  const element = firstElement(xml, name);
  return element ? decodeXml(element.inner).trim() : "";
}

export function tag(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}
