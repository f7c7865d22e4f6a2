import test from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, stringifyQuery } from '../src/query.js';
import { withParams } from '../src/url.js';

test('simple', () => {
  assert.deepEqual(parseQuery('?a=1&b=x%20y'), { a: '1', b: 'x y' });
  assert.equal(stringifyQuery({ a: '1', b: 'x y' }), 'a=1&b=x%20y');
});

test('withParams', () => {
  assert.equal(withParams('/s?a=1', { b: '2' }), '/s?a=1&b=2');
  assert.equal(withParams('/s', {}), '/s');
});
