'use strict';
const { compare } = require('./version.js');

const OPS = {
  '>=': (c) => c >= 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '<': (c) => c < 0,
  '=': (c) => c === 0,
};

function testComparator(version, comp) {
  const m = /^(>=|<=|>|<|=)?(\d+\.\d+\.\d+)$/.exec(comp);
  if (!m) throw new Error(`invalid comparator: ${comp}`);
  return OPS[m[1] || '='](compare(version, m[2]));
}

function satisfies(version, range) {
  return range.trim().split(/\s+/).every((comp) => testComparator(version, comp));
}

module.exports = { satisfies };
