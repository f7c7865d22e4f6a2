'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { formatRepo, formatTable } = require('../src/format.js');

test('row', () => {
  assert.equal(formatRepo({ name: 'api', owner: { login: 'ann' }, stars: 12 }),
    'api                  ann              12');
});

test('sorted', () => {
  const t = formatTable([{ name: 'b', owner: { login: 'x' }, stars: 1 }, { name: 'a', owner: { login: 'y' }, stars: 2 }]);
  assert.match(t.split('\n')[0], /^a /);
});
