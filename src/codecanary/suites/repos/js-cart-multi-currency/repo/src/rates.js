'use strict';

// units of currency per 1 EUR (fixed for the price list)
const RATES = { EUR: 1, USD: 1.08, GBP: 0.85 };

module.exports = { RATES };
