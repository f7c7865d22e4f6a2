'use strict';
const { formatMoney } = require('./format.js');

class Cart {
  constructor() {
    this.lines = [];
  }

  add(product, qty = 1) {
    const line = this.lines.find((l) => l.product.sku === product.sku);
    if (line) line.qty += qty;
    else this.lines.push({ product, qty });
    return this;
  }

  total() {
    return this.lines.reduce((sum, l) => sum + l.product.priceCents * l.qty, 0);
  }

  summary() {
    return `${this.lines.length} items, total ${formatMoney(this.total())}`;
  }
}

module.exports = { Cart };
