use ledger::{Bank, BankError};

#[test]
fn deposit_withdraw() {
    let mut b = Bank::new();
    b.open("ann");
    assert_eq!(b.deposit("ann", 500), Ok(1));
    assert_eq!(b.withdraw("ann", 200), Ok(2));
    assert_eq!(b.balance("ann"), Ok(300));
    assert_eq!(b.withdraw("ann", 301), Err(BankError::InsufficientFunds { needed: 301, available: 300 }));
    assert_eq!(b.deposit("bob", 1), Err(BankError::UnknownAccount("bob".into())));
    assert_eq!(b.journal.history("ann").len(), 2);
}
