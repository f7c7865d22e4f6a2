'use strict';

function balance(store, id, cb) {
  store.get(`acct:${id}`, (err, acct) => {
    if (err) return cb(err);
    cb(null, acct.balance);
  });
}

function transfer(store, from, to, amount, cb) {
  store.get(`acct:${from}`, (err, a) => {
    if (err) return cb(err);
    store.get(`acct:${to}`, (err2, b) => {
      if (err2) return cb(err2);
      if (a.balance < amount) return cb(new Error('insufficient funds'));
      a.balance -= amount;
      b.balance += amount;
      store.set(`acct:${from}`, a, (err3) => {
        if (err3) return cb(err3);
        store.set(`acct:${to}`, b, (err4) => {
          if (err4) return cb(err4);
          cb(null, { from: a.balance, to: b.balance });
        });
      });
    });
  });
}

module.exports = { balance, transfer };
