'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Store, callbackify } = require('../src/store.js');
const { balance, transfer } = require('../src/service.js');

async function setup() {
  const s = new Store();
  await s.set('acct:a', { balance: 100 });
  await s.set('acct:b', { balance: 5 });
  return s;
}

test('promise store', async () => {
  const s = new Store();
  const p = s.set('k', { n: [1] });
  assert.ok(p instanceof Promise);
  assert.equal(await p, undefined);
  const v = await s.get('k');
  v.n.push(2);
  assert.deepEqual(await s.get('k'), { n: [1] });
  await assert.rejects(s.get('missing'), (e) => e.code === 'ENOENT');
  assert.equal(await s.del('k'), true);
  assert.equal(await s.del('k'), false);
});

test('transfer', async () => {
  const s = await setup();
  const r = transfer(s, 'a', 'b', 30);
  assert.ok(r instanceof Promise);
  assert.deepEqual(await r, { from: 70, to: 35 });
  assert.equal(await balance(s, 'a'), 70);
  assert.equal(await balance(s, 'b'), 35);
});

test('transfer exact balance and insufficient', async () => {
  const s = await setup();
  assert.deepEqual(await transfer(s, 'b', 'a', 5), { from: 0, to: 105 });
  await assert.rejects(transfer(s, 'b', 'a', 1), /insufficient funds/);
  assert.equal(await balance(s, 'a'), 105);
  assert.equal(await balance(s, 'b'), 0);
});

test('missing account', async () => {
  const s = await setup();
  await assert.rejects(transfer(s, 'a', 'zz', 1), (e) => e.code === 'ENOENT');
  assert.equal(await balance(s, 'a'), 100);
  await assert.rejects(balance(s, 'zz'), (e) => e.code === 'ENOENT');
});

test('callbackify keeps the old API', async () => {
  const s = new Store();
  const cb = callbackify(s);
  await new Promise((resolve) => cb.set('x', 1, (err) => { assert.equal(err, null); resolve(); }));
  const got = await new Promise((resolve) => cb.get('x', (err, v) => resolve([err, v])));
  assert.deepEqual(got, [null, 1]);
  const miss = await new Promise((resolve) => cb.get('y', (err, v) => resolve([err, v])));
  assert.equal(miss[0].code, 'ENOENT');
  const del = await new Promise((resolve) => cb.del('x', (err, v) => resolve(v)));
  assert.equal(del, true);
});
