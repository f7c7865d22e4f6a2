'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createApp } = require('../src/app.js');

test('no base path', () => {
  const app = createApp({ name: 'x' });
  assert.deepEqual(app.handle('/products/7'), { status: 200, body: 'product 7' });
  assert.equal(app.handle('/nope').status, 404);
  assert.equal(app.urlFor('product', { id: 'a b' }), '/products/a%20b');
});
