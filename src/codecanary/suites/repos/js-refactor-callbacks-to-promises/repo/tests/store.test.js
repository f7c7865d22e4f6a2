'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Store } = require('../src/store.js');

test('set then get (callbacks)', (t, done) => {
  const s = new Store();
  s.set('k', { a: 1 }, (err) => {
    assert.ifError(err);
    s.get('k', (err2, v) => {
      assert.ifError(err2);
      assert.deepEqual(v, { a: 1 });
      done();
    });
  });
});
