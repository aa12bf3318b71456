// Whether a request's Accept header prefers an HTML page to a GraphQL answer, as a browser's
// address bar does (text/html first, anything else at q=0.8) and a GraphQL client does not
// (application/json, application/graphql-response+json, multipart/mixed, or any type at all).
// The same decision as Apollo Server's landing page: HTML only when it is ranked strictly above
// every GraphQL media type.
const GRAPHQL_TYPES = ["application/json", "application/graphql-response+json", "multipart/mixed"];

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(",").slice(0, 50)) {
    const [media, ...params] = part.split(";");
    const [type, subtype] = media.trim().toLowerCase().split("/");
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split("=");
      if (k.trim().toLowerCase() === "q") {
        const n = Number(v);
        q = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
      }
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** the quality the ranges give a media type: the most specific matching range decides */
function quality(ranges: Range[], media: string): number {
  const [type, subtype] = media.split("/");
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity =
      r.type === type && r.subtype === subtype
        ? 2
        : r.type === type && r.subtype === "*"
          ? 1
          : r.type === "*" && r.subtype === "*"
            ? 0
            : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const html = quality(ranges, "text/html");
  return html > 0 && GRAPHQL_TYPES.every((t) => quality(ranges, t) < html);
}
