use crate::bank::TxId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Deposit { id: TxId, account: String, cents: u64 },
    Withdrawal { id: TxId, account: String, cents: u64 },
}

#[derive(Debug, Default)]
pub struct Journal {
    entries: Vec<Entry>,
}

impl Journal {
    pub fn push(&mut self, e: Entry) {
        self.entries.push(e);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn history(&self, account: &str) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| match e {
                Entry::Deposit { account: a, .. } | Entry::Withdrawal { account: a, .. } => a == account,
            })
            .collect()
    }
}
