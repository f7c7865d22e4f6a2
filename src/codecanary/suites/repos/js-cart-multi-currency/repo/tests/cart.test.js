'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Cart } = require('../src/cart.js');
const { formatMoney } = require('../src/format.js');

test('total and summary', () => {
  const c = new Cart().add({ sku: 'a', priceCents: 250 }, 2).add({ sku: 'b', priceCents: 99 }).add({ sku: 'a', priceCents: 250 });
  assert.equal(c.total(), 849);
  assert.equal(c.summary(), '2 items, total €8.49');
  assert.equal(formatMoney(-5), '-€0.05');
});
