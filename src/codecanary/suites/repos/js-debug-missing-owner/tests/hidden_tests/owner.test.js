'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { formatRepo } = require('../src/format.js');
const { main } = require('../src/cli.js');

test('null owner', () => {
  assert.equal(formatRepo({ name: 'orphan', owner: null, stars: 3 }),
    'orphan               (unknown)         3');
});

test('missing owner and stars', () => {
  assert.equal(formatRepo({ name: 'x' }), 'x                    (unknown)         0');
  assert.equal(formatRepo({ name: 'y', owner: { login: 'bo' }, stars: 0 }), 'y                    bo                0');
});

test('cli end to end', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-')), 'r.json');
  fs.writeFileSync(file, JSON.stringify([
    { name: 'zeta', owner: { login: 'kim' }, stars: 5 },
    { name: 'alpha', owner: null },
  ]));
  assert.deepEqual(main([file]).split('\n'), [
    'alpha                (unknown)         0',
    'zeta                 kim               5',
  ]);
});
