'use strict';

class Store {
  constructor() {
    this.data = new Map();
  }

  get(key, cb) {
    setImmediate(() => {
      if (!this.data.has(key)) {
        const err = new Error(`no such key: ${key}`);
        err.code = 'ENOENT';
        return cb(err);
      }
      cb(null, JSON.parse(this.data.get(key)));
    });
  }

  set(key, value, cb) {
    setImmediate(() => {
      this.data.set(key, JSON.stringify(value));
      cb(null);
    });
  }

  del(key, cb) {
    setImmediate(() => cb(null, this.data.delete(key)));
  }
}

module.exports = { Store };
