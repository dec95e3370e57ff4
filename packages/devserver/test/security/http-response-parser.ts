/**
 * A strict reader of what an HTTP/1.x server sent on one connection, for the fuzzer: a
 * sequence of responses (interim 1xx ones skipped), each with a status line, headers and
 * a body framed by Content-Length, chunked encoding or the close. Anything else —
 * a bad status line, a header that is no header, a chunk size that is no hex number —
 * is reported as an error: a server must never send it, whatever it was sent.
 */

/** One response. */
export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case (the last of repeated ones). */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  /** False when the connection ended (or the client stopped reading) before the body did. */
  readonly complete: boolean;
}

/** The responses read, and the first framing error (nothing after it is read). */
export interface ParsedResponses {
  readonly responses: HttpResponse[];
  readonly error?: string;
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Decodes a chunked body starting at `offset`: the body, where it ends, or an error / incompleteness. */
function readChunked(data: Buffer, offset: number): { body: Buffer; end: number } | { error: string } | undefined {
  const parts: Buffer[] = [];
  let o = offset;
  for (;;) {
    const eol = data.indexOf('\r\n', o);
    if (eol < 0) return undefined;
    const sizeText = data.subarray(o, eol).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) return { error: `bad chunk size ${JSON.stringify(sizeText.slice(0, 40))}` };
    const size = parseInt(sizeText, 16);
    o = eol + 2;
    if (size === 0) {
      // Trailers (none expected) up to the empty line.
      const end = data.indexOf('\r\n', o);
      if (end < 0) return undefined;
      if (end !== o) return { error: 'trailers after the last chunk' };
      return { body: Buffer.concat(parts), end: end + 2 };
    }
    if (data.length < o + size + 2) return undefined;
    if (data[o + size] !== 0x0d || data[o + size + 1] !== 0x0a) return { error: 'chunk not followed by CRLF' };
    parts.push(data.subarray(o, o + size));
    o += size + 2;
  }
}

/**
 * Reads the responses in `data`. `firstIsHead`: the first request was a HEAD (its
 * response has no body); `closed`: the server closed the connection after `data` (so a
 * body without length ends there).
 */
export function parseHttpResponses(data: Buffer, firstIsHead: boolean, closed: boolean): ParsedResponses {
  const responses: HttpResponse[] = [];
  let o = 0;
  let first = true;
  while (o < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', o);
    if (headEnd < 0) return closed ? { responses, error: `response head cut short: ${JSON.stringify(data.subarray(o, o + 80).toString('latin1'))}` } : { responses };
    const lines = data.subarray(o, headEnd).toString('latin1').split('\r\n');
    const statusMatch = STATUS_LINE.exec(lines[0]!);
    if (statusMatch === null) return { responses, error: `bad status line ${JSON.stringify(lines[0]!.slice(0, 80))}` };
    const status = Number(statusMatch[1]);
    if (status < 100 || status > 599) return { responses, error: `status ${status} out of range` };
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const h = HEADER_LINE.exec(line);
      if (h === null) return { responses, error: `bad header line ${JSON.stringify(line.slice(0, 80))}` };
      headers.set(h[1]!.toLowerCase(), h[2]!);
    }
    o = headEnd + 4;
    if (status < 200) continue;
    const noBody = status === 204 || status === 304 || (first && firstIsHead);
    first = false;
    const length = headers.get('content-length');
    if (noBody) {
      responses.push({ status, headers, body: Buffer.alloc(0), complete: true });
    } else if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
      const chunked = readChunked(data, o);
      if (chunked === undefined) {
        responses.push({ status, headers, body: data.subarray(o), complete: false });
        return { responses };
      }
      if ('error' in chunked) return { responses, error: chunked.error };
      responses.push({ status, headers, body: chunked.body, complete: true });
      o = chunked.end;
    } else if (length !== undefined) {
      if (!/^\d+$/.test(length)) return { responses, error: `bad Content-Length ${JSON.stringify(length)}` };
      const n = Number(length);
      const complete = data.length >= o + n;
      responses.push({ status, headers, body: data.subarray(o, o + n), complete });
      if (!complete) return { responses };
      o += n;
    } else {
      // No length: the body runs until the server closes.
      responses.push({ status, headers, body: data.subarray(o), complete: closed });
      return { responses };
    }
  }
  return { responses };
}
