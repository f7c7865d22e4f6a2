'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Cart } = require('../src/cart.js');
const { formatMoney } = require('../src/format.js');
const { convert } = require('../src/rates.js');

test('convert', () => {
  assert.equal(convert(1000, 'EUR', 'USD'), 1080);
  assert.equal(convert(1080, 'USD', 'EUR'), 1000);
  assert.equal(convert(1000, 'GBP', 'USD'), 1271); // 1270.588
  assert.equal(convert(50, 'EUR', 'GBP'), 43); // 42.5 -> 43
  assert.equal(convert(-50, 'EUR', 'GBP'), -43);
  assert.equal(convert(777, 'USD', 'USD'), 777);
  assert.throws(() => convert(1, 'EUR', 'JPY'), /unknown currency JPY/);
  assert.throws(() => convert(1, 'XYZ', 'EUR'), /unknown currency XYZ/);
});

test('format', () => {
  assert.equal(formatMoney(1250, 'USD'), '$12.50');
  assert.equal(formatMoney(1250, 'GBP'), '£12.50');
  assert.equal(formatMoney(1250), '€12.50');
  assert.equal(formatMoney(-7, 'USD'), '-$0.07');
});

test('mixed cart', () => {
  const c = new Cart('USD')
    .add({ sku: 'e', priceCents: 1000 }, 1)
    .add({ sku: 'u', priceCents: 500, currency: 'USD' }, 3)
    .add({ sku: 'g', priceCents: 85, currency: 'GBP' }, 2);
  // 1000 EUR -> 1080; 1500 USD; 170 GBP -> 200 EUR -> 216 USD
  assert.equal(c.total(), 2796);
  assert.equal(c.summary(), '3 items, total $27.96');
  assert.equal(new Cart().add({ sku: 'g', priceCents: 85, currency: 'GBP' }).total(), 100);
});
