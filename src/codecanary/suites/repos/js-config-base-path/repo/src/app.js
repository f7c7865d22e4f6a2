'use strict';
const { Router } = require('./router.js');

function createApp(config) {
  const router = new Router();
  router.add('home', '/', () => `welcome to ${config.name}`);
  router.add('product', '/products/:id', (p) => `product ${p.id}`);
  return {
    handle(path) {
      const m = router.match(path);
      if (!m) return { status: 404, body: 'not found' };
      return { status: 200, body: m.route.handler(m.params) };
    },
    urlFor(name, params) {
      return router.build(name, params);
    },
  };
}

module.exports = { createApp };
