'use strict';

class Emitter {
  constructor() {
    this.listeners = new Map();
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push({ fn, once: false });
    return this;
  }

  once(event, fn) {
    this.on(event, fn);
    const list = this.listeners.get(event);
    list[list.length - 1].once = true;
    return this;
  }

  off(event, fn) {
    const list = this.listeners.get(event) || [];
    const i = list.findIndex((l) => l.fn === fn);
    if (i >= 0) list.splice(i, 1);
    return this;
  }

  emit(event, ...args) {
    const list = this.listeners.get(event) || [];
    for (let i = 0; i < list.length; i++) {
      const l = list[i];
      if (l.once) list.splice(i, 1);
      l.fn(...args);
    }
    return list.length > 0;
  }
}

module.exports = { Emitter };
