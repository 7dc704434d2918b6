/**
 * Content negotiation for the built pages (RFC 9110 §12.5): which stored
 * variant of a file to send. Pure functions of the request headers; nothing
 * about the request is kept.
 */

/** The compressed variants the build writes beside each file, best first. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

interface Weighted {
  token: string;
  q: number;
  order: number;
}

/** `a;q=0.5, b` as tokens with weights; malformed weights count as 0, so a garbled header falls back to identity. */
function parseWeighted(header: string | undefined, limit = 32): Weighted[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, limit)
    .map((part, order) => {
      const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const qParam = params.find((p) => p.startsWith('q='));
      const q =
        qParam === undefined
          ? 1
          : /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(qParam.slice(2))
            ? Number(qParam.slice(2))
            : 0;
      return { token, q, order };
    })
    .filter((w) => w.token !== '');
}

/**
 * The best encoding among those stored for a file, by the client's
 * Accept-Encoding; `null` means identity. A client that names none of ours
 * (or sends no header, or refuses everything) gets identity: the file as built.
 */
export function chooseEncoding(acceptEncoding: string | undefined, available: readonly Encoding[]): Encoding | null {
  const listed = parseWeighted(acceptEncoding);
  const weight = (coding: string) => {
    const exact = listed.find((w) => w.token === coding || (coding === 'gzip' && w.token === 'x-gzip'));
    return exact ? exact.q : (listed.find((w) => w.token === '*')?.q ?? 0);
  };
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const coding of ENCODINGS) {
    const q = weight(coding);
    if (available.includes(coding) && q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * The page's language: `?lang=` when it names one the site has, else the
 * first of the client's Accept-Language (by weight) that the site has, else
 * the fallback. Only the primary subtag counts (`kk-KZ` is `kk`).
 */
export function chooseLanguage(
  query: unknown,
  acceptLanguage: string | undefined,
  available: readonly string[],
  fallback: string,
): string {
  if (typeof query === 'string' && available.includes(query)) return query;
  const preferred = parseWeighted(acceptLanguage)
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((w) => w.token.split('-')[0]!)
    .find((primary) => available.includes(primary));
  return preferred ?? fallback;
}
