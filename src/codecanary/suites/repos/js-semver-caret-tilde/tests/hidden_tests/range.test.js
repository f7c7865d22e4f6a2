'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { satisfies } = require('../src/range.js');

const cases = [
  ['1.2.3', '^1.2.3', true], ['1.9.9', '^1.2.3', true], ['2.0.0', '^1.2.3', false],
  ['1.2.2', '^1.2.3', false], ['1.10.0', '^1.9.0', true],
  ['0.2.9', '^0.2.3', true], ['0.3.0', '^0.2.3', false], ['0.2.2', '^0.2.3', false],
  ['0.0.3', '^0.0.3', true], ['0.0.4', '^0.0.3', false],
  ['1.2.9', '~1.2.3', true], ['1.3.0', '~1.2.3', false], ['1.2.0', '~1.2.3', false],
  ['0.1.5', '~0.1.0', true],
  ['1.5.0', '^1.0.0 || ^3.1.0', true], ['3.2.0', '^1.0.0 || ^3.1.0', true],
  ['2.5.0', '^1.0.0 || ^3.1.0', false], ['3.0.9', '^1.0.0 || ^3.1.0', false],
  ['1.2.3', '>=1.0.0 <1.2.0 || 1.2.3', true],
  ['1.4.0', '^1.2.0 <1.4.0', false], ['1.3.0', '^1.2.0 <1.4.0', true],
];

for (const [v, r, want] of cases) {
  test(`${v} satisfies ${r} == ${want}`, () => assert.equal(satisfies(v, r), want));
}

test('invalid', () => {
  assert.throws(() => satisfies('1.0.0', '^1.x'));
  assert.throws(() => satisfies('1.0.0', '~~1.0.0'));
});
