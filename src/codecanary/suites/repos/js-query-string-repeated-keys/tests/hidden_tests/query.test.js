import test from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, stringifyQuery } from '../src/query.js';
import { withParams } from '../src/url.js';

test('repeated keys', () => {
  assert.deepEqual(parseQuery('tag=a&tag=b&x=1&tag=c'), { tag: ['a', 'b', 'c'], x: '1' });
});

test('plus and escapes', () => {
  assert.deepEqual(parseQuery('q=hello+world&na%20me=J%C3%BCrgen'), { q: 'hello world', 'na me': 'Jürgen' });
  assert.deepEqual(parseQuery('a=1%2B1'), { a: '1+1' });
});

test('bare keys and empty parts', () => {
  assert.deepEqual(parseQuery('?debug&a=1&&b=2&'), { debug: '', a: '1', b: '2' });
  assert.deepEqual(parseQuery(''), {});
  assert.deepEqual(parseQuery('e='), { e: '' });
});

test('first equals only', () => {
  assert.deepEqual(parseQuery('expr=a=b'), { expr: 'a=b' });
});

test('round trip', () => {
  const obj = { tag: ['a b', 'c&d'], q: 'x=y', empty: '' };
  assert.equal(stringifyQuery({ t: ['1', '2'] }), 't=1&t=2');
  assert.deepEqual(parseQuery(stringifyQuery(obj)), obj);
  assert.equal(withParams('/p?t=1&t=2', { z: '3' }), '/p?t=1&t=2&z=3');
});
