/**
 * UUID and the light date functions. NOW_* return the statement's start time (fixed for
 * the whole statement, as on a real server); CLOCK_* read the clock at each call. Dates
 * are formatted in ISO-8601 with the local offset (the real default format
 * "2006-01-02T15:04:05.999Z07:00").
 */
import { randomUUID } from 'node:crypto';
import { def, isNumber, isString, strict, type FunctionTable } from './function-types';

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** Formats epoch ms like the real default format: local time, trimmed milliseconds, numeric offset or Z. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const millis = d.getMilliseconds();
  const frac = millis === 0 ? '' : `.${pad(millis, 3)}`.replace(/0+$/, '');
  const offsetMin = -d.getTimezoneOffset();
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad(offsetMin / 60)}:${pad(offsetMin % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${frac}${zone}`;
}

/** The misc functions by name. */
export const MISC_FUNCTIONS: FunctionTable = {
  uuid: def(0, 0, 'string', () => randomUUID()),
  now_millis: def(0, 0, 'number', (_a, ctx) => ctx.statementTime),
  now_str: def(0, 1, 'string', (_a, ctx) => formatTimestamp(ctx.statementTime)),
  clock_millis: def(0, 0, 'number', (_a, ctx) => ctx.clock()),
  clock_str: def(0, 1, 'string', (_a, ctx) => formatTimestamp(ctx.clock())),
  millis_to_str: def(1, 2, 'string', (a) => strict(a.slice(0, 1), isNumber, () => formatTimestamp(a[0] as number))),
  str_to_millis: def(1, 2, 'number', (a) =>
    strict(a.slice(0, 1), isString, () => {
      const t = Date.parse(a[0] as string);
      return Number.isNaN(t) ? null : t;
    }),
  ),
};
