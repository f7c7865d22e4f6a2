'use strict';

function formatRepo(repo) {
  const name = repo.name.padEnd(20);
  const owner = repo.owner.login;
  const stars = String(repo.stars).padStart(6);
  return `${name} ${owner.padEnd(12)} ${stars}`;
}

function formatTable(repos) {
  const sorted = [...repos].sort((a, b) => a.name.localeCompare(b.name));
  return sorted.map(formatRepo).join('\n');
}

module.exports = { formatRepo, formatTable };
