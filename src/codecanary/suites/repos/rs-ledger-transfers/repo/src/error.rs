use std::fmt;

#[derive(Debug, PartialEq, Eq)]
pub enum BankError {
    UnknownAccount(String),
    InsufficientFunds { needed: u64, available: u64 },
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BankError::UnknownAccount(a) => write!(f, "unknown account {}", a),
            BankError::InsufficientFunds { needed, available } => {
                write!(f, "insufficient funds: needed {}, available {}", needed, available)
            }
        }
    }
}
