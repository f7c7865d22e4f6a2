'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Emitter } = require('../src/index.js');

test('on and emit with args', () => {
  const e = new Emitter();
  const got = [];
  e.on('x', (a, b) => got.push(a + b));
  assert.equal(e.emit('x', 1, 2), true);
  assert.deepEqual(got, [3]);
  assert.equal(e.emit('nothing'), false);
});

test('off', () => {
  const e = new Emitter();
  const fn = () => assert.fail('called');
  e.on('x', fn).off('x', fn);
  e.emit('x');
});
