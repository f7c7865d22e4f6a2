'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { satisfies } = require('../src/range.js');
const { compare } = require('../src/version.js');

test('compare numeric', () => {
  assert.equal(compare('1.10.0', '1.9.0'), 1);
  assert.equal(compare('1.0.0', '1.0.0'), 0);
});

test('comparators', () => {
  assert.equal(satisfies('1.4.0', '>=1.2.0 <2.0.0'), true);
  assert.equal(satisfies('2.0.0', '>=1.2.0 <2.0.0'), false);
  assert.equal(satisfies('1.2.3', '1.2.3'), true);
  assert.throws(() => satisfies('1.0.0', '>>1'));
});
