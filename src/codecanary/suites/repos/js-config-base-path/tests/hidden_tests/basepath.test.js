'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createApp } = require('../src/app.js');
const { loadConfig } = require('../src/config.js');

test('repo config prefix', () => {
  const app = createApp(loadConfig());
  assert.deepEqual(app.handle('/shop/products/42'), { status: 200, body: 'product 42' });
  assert.deepEqual(app.handle('/shop'), { status: 200, body: 'welcome to shop' });
  assert.deepEqual(app.handle('/shop/'), { status: 200, body: 'welcome to shop' });
  assert.equal(app.handle('/products/42').status, 404);
  assert.equal(app.handle('/shopping/products/1').status, 404);
  assert.equal(app.urlFor('product', { id: 42 }), '/shop/products/42');
  assert.equal(app.urlFor('home'), '/shop/');
});

test('no or root prefix', () => {
  for (const basePath of [undefined, '', '/']) {
    const app = createApp({ name: 'n', basePath });
    assert.equal(app.handle('/products/1').status, 200);
    assert.equal(app.urlFor('product', { id: 1 }), '/products/1');
  }
});

test('nested prefix without trailing slash', () => {
  const app = createApp({ name: 'n', basePath: '/a/b' });
  assert.equal(app.handle('/a/b/products/9').body, 'product 9');
  assert.equal(app.handle('/a/products/9').status, 404);
  assert.equal(app.urlFor('product', { id: 9 }), '/a/b/products/9');
});
