mod bank;
mod error;
mod journal;

pub use bank::{Bank, TxId};
pub use error::BankError;
pub use journal::{Entry, Journal};
