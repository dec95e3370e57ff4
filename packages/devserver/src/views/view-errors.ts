/**
 * Errors the views service answers with: an HTTP status and the CouchDB-style body
 * `{"error": "<kind>", "reason": "<text>"}` that clients parse (protocol.md §4.2:
 * `query_parse_error` → invalid argument, `not_found` → design document not found).
 */

/** An HTTP error answer of the views service. */
export class ViewHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    /** More members of the body, after `error` and `reason`. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(reason);
  }

  /** The JSON body. */
  body(): Record<string, unknown> {
    return { error: this.error, reason: this.reason, ...this.extra };
  }
}

/** A 400 `query_parse_error`. */
export function queryParseError(reason: string): ViewHttpError {
  return new ViewHttpError(400, 'query_parse_error', reason);
}
