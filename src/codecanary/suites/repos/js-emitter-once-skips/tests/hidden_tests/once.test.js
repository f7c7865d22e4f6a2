'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Emitter } = require('../src/index.js');

test('once before on', () => {
  const e = new Emitter();
  const log = [];
  e.once('ready', () => log.push('once'));
  e.on('ready', () => log.push('on'));
  assert.equal(e.emit('ready'), true);
  assert.deepEqual(log, ['once', 'on']);
  e.emit('ready');
  assert.deepEqual(log, ['once', 'on', 'on']);
});

test('several once listeners', () => {
  const e = new Emitter();
  const log = [];
  e.once('x', () => log.push(1));
  e.once('x', () => log.push(2));
  e.on('x', () => log.push(3));
  e.once('x', () => log.push(4));
  e.emit('x');
  e.emit('x');
  assert.deepEqual(log, [1, 2, 3, 4, 3]);
});

test('only once listeners: emit result', () => {
  const e = new Emitter();
  e.once('y', () => {});
  assert.equal(e.emit('y'), true);
  assert.equal(e.emit('y'), false);
});

test('listener added during emit waits for next emit', () => {
  const e = new Emitter();
  const log = [];
  e.on('z', () => { log.push('a'); e.on('z', () => log.push('late')); });
  e.emit('z');
  assert.deepEqual(log, ['a']);
});

test('off removes a once listener', () => {
  const e = new Emitter();
  const fn = () => assert.fail('called');
  e.once('w', fn);
  e.off('w', fn);
  assert.equal(e.emit('w'), false);
});
