use std::collections::BTreeMap;

use crate::error::BankError;
use crate::journal::{Entry, Journal};

pub type TxId = u64;

#[derive(Debug, Default)]
pub struct Bank {
    balances: BTreeMap<String, u64>,
    pub journal: Journal,
    next_id: TxId,
}

impl Bank {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn open(&mut self, account: &str) {
        self.balances.entry(account.to_string()).or_insert(0);
    }

    pub fn balance(&self, account: &str) -> Result<u64, BankError> {
        self.balances.get(account).copied().ok_or_else(|| BankError::UnknownAccount(account.to_string()))
    }

    fn id(&mut self) -> TxId {
        self.next_id += 1;
        self.next_id
    }

    pub fn deposit(&mut self, account: &str, cents: u64) -> Result<TxId, BankError> {
        let bal = self.balance(account)?;
        self.balances.insert(account.to_string(), bal + cents);
        let id = self.id();
        self.journal.push(Entry::Deposit { id, account: account.to_string(), cents });
        Ok(id)
    }

    pub fn withdraw(&mut self, account: &str, cents: u64) -> Result<TxId, BankError> {
        let bal = self.balance(account)?;
        if bal < cents {
            return Err(BankError::InsufficientFunds { needed: cents, available: bal });
        }
        self.balances.insert(account.to_string(), bal - cents);
        let id = self.id();
        self.journal.push(Entry::Withdrawal { id, account: account.to_string(), cents });
        Ok(id)
    }
}
