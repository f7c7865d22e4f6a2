import { parseQuery, stringifyQuery } from './query.js';

export function withParams(url, params) {
  const [base, qs = ''] = url.split('?');
  const merged = { ...(qs ? parseQuery(qs) : {}), ...params };
  const s = stringifyQuery(merged);
  return s ? `${base}?${s}` : base;
}
