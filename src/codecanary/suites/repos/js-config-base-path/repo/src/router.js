'use strict';

function compile(pattern) {
  const names = [];
  const re = pattern.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; });
  return { re: new RegExp(`^${re}$`), names };
}

class Router {
  constructor() { this.routes = []; }

  add(name, pattern, handler) {
    this.routes.push({ name, pattern, handler, ...compile(pattern) });
  }

  match(path) {
    for (const r of this.routes) {
      const m = r.re.exec(path);
      if (m) return { route: r, params: Object.fromEntries(r.names.map((n, i) => [n, m[i + 1]])) };
    }
    return null;
  }

  build(name, params = {}) {
    const r = this.routes.find((x) => x.name === name);
    if (!r) throw new Error(`no route ${name}`);
    return r.pattern.replace(/:(\w+)/g, (_, n) => encodeURIComponent(params[n]));
  }
}

module.exports = { Router };
