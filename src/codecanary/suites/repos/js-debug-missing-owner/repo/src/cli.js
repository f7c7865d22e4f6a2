'use strict';
const fs = require('node:fs');
const { formatTable } = require('./format.js');

function main(argv) {
  const repos = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  const table = formatTable(repos);
  return table;
}

if (require.main === module) console.log(main(process.argv.slice(2)));
module.exports = { main };
