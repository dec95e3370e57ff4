/**
 * A small buffered HTTP request for management-style calls (design documents): the whole
 * body collected (bounded), a timeout, and one outcome. Not for rows: those stream.
 */
import { HTTPError, TimeoutError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import type { HttpEndpoint, HttpRequest } from '../http/http-connection';
import type { ResponseHead } from '../http/response-parser';
import { EVACTION_CLEANUP, EVACTION_WATCH, TimerEvent } from '../iops/iops';
import type { ServiceHost } from './service-host';

/** Largest management response kept (design documents are small). */
const MAX_BODY = 16 * 1024 * 1024;

/** A finished response. */
export interface JsonResponse {
  readonly head: ResponseHead;
  readonly body: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** Sends one request and calls `done` once, with the response or an error. */
export function httpJsonRequest(host: ServiceHost, endpoint: HttpEndpoint, req: HttpRequest, timeoutMs: number, done: (err: CouchbaseError | undefined, res?: JsonResponse) => void): void {
  let settled = false;
  const timer = host.iops.timerEventFactory?.() ?? new TimerEvent();
  const finish = (err: CouchbaseError | undefined, res?: JsonResponse): void => {
    if (settled) return;
    settled = true;
    untrack();
    host.iops.updateTimer(timer, EVACTION_CLEANUP, 0);
    done(err, res);
  };
  const chunks: Buffer[] = [];
  let size = 0;
  let head: ResponseHead | undefined;
  const handle = host.http.request(endpoint, req, {
    onHead: (h) => {
      head = h;
    },
    onData: (c) => {
      size += c.byteLength;
      if (size > MAX_BODY) {
        handle.abort();
        finish(new HTTPError(`Response larger than ${MAX_BODY} bytes`, { status: head?.status }));
        return;
      }
      chunks.push(Buffer.from(c));
    },
    onEnd: () => {
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = body.byteLength > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      finish(undefined, { head: head!, body, json });
    },
    onError: (err) => finish(err),
  });
  const untrack = host.track({
    destroy: (err) => {
      handle.abort();
      finish(err);
    },
  });
  timer._onReady = () => {
    handle.abort();
    finish(new TimeoutError(`${req.method} ${req.path.split('?')[0]} timed out after ${timeoutMs} ms`, { context: { timeout: timeoutMs } }));
  };
  host.iops.updateTimer(timer, EVACTION_WATCH, timeoutMs * 1000);
}
