/**
 * Reading requests of the views (capi) port: which resource a path names, and bounded
 * bodies.
 *
 * Paths (protocol.md §4.2, §4.3):
 *   /<bucket>/_design/<name>                  design document (GET, PUT, DELETE)
 *   /<bucket>/_design/<name>/_view/<view>     view query (GET, POST)
 * Segments are URL-decoded one by one; `_design%2F<name>` (an encoded slash, as some
 * clients send) is accepted as well.
 */
import type { IncomingMessage } from 'node:http';
import { ViewHttpError } from './view-errors';

/** What a capi path names. */
export type CapiTarget =
  | { readonly kind: 'ddoc'; readonly bucket: string; readonly ddoc: string }
  | { readonly kind: 'view'; readonly bucket: string; readonly ddoc: string; readonly view: string }
  | { readonly kind: 'bucket-only'; readonly bucket: string }
  | { readonly kind: 'unknown'; readonly bucket?: string };

/** Largest request body accepted (design documents, `keys`). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ViewHttpError(400, 'bad_request', `Invalid URL encoding: ${s}`);
  }
}

/** Parses the path of a capi request. */
export function parseCapiPath(pathname: string): CapiTarget {
  const raw = pathname.split('/').filter((s, i) => i > 0 || s !== '');
  const segments: string[] = [];
  raw.forEach((s, i) => {
    const d = decodeSegment(s);
    // `_design%2Fname`: the encoded slash joins the two segments.
    if (i === 1 && d.startsWith('_design/')) segments.push('_design', d.slice('_design/'.length));
    else segments.push(d);
  });
  while (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  const [bucket, design, ddoc, viewSeg, view, ...rest] = segments;
  if (bucket === undefined || bucket === '') return { kind: 'unknown' };
  if (design === undefined) return { kind: 'bucket-only', bucket };
  if (design !== '_design' || ddoc === undefined || ddoc === '') return { kind: 'unknown', bucket };
  if (viewSeg === undefined) return { kind: 'ddoc', bucket, ddoc };
  if (viewSeg === '_view' && view !== undefined && view !== '' && rest.length === 0) return { kind: 'view', bucket, ddoc, view };
  return { kind: 'unknown', bucket };
}

/** Reads a request body, refusing more than {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > MAX_BODY_BYTES) {
        reject(new ViewHttpError(413, 'too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The `keys` member of a view query's POST body: undefined for an empty body, `{}`, or
 * a body without `keys` (or with `"keys": null`).
 *
 * @throws ViewHttpError 400 `bad_request` for a body that is not a JSON object
 */
export function bodyKeys(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ViewHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ViewHttpError(400, 'bad_request', 'Request body must be a JSON object');
  }
  const keys = (parsed as Record<string, unknown>).keys;
  return keys === null ? undefined : keys;
}
