use ledger::{Bank, BankError, Entry};

fn bank() -> Bank {
    let mut b = Bank::new();
    b.open("ann");
    b.open("bob");
    b.open("cy");
    b.deposit("ann", 1000).unwrap();
    b
}

#[test]
fn transfer_moves_money() {
    let mut b = bank();
    assert_eq!(b.transfer("ann", "bob", 400), Ok(2));
    assert_eq!(b.balance("ann"), Ok(600));
    assert_eq!(b.balance("bob"), Ok(400));
    assert_eq!(b.withdraw("bob", 100), Ok(3));
    assert_eq!(b.transfer("ann", "bob", 600), Ok(4));
    assert_eq!(b.balance("ann"), Ok(0));
    assert_eq!(
        b.journal.entries().last(),
        Some(&Entry::Transfer { id: 4, from: "ann".into(), to: "bob".into(), cents: 600 })
    );
}

#[test]
fn errors_change_nothing() {
    let mut b = bank();
    let n = b.journal.entries().len();
    assert_eq!(b.transfer("ann", "zed", 1), Err(BankError::UnknownAccount("zed".into())));
    assert_eq!(b.transfer("yo", "zed", 1), Err(BankError::UnknownAccount("yo".into())));
    assert_eq!(b.transfer("ann", "ann", 1), Err(BankError::SameAccount));
    assert_eq!(b.transfer("ann", "bob", 0), Err(BankError::ZeroAmount));
    assert_eq!(b.transfer("ann", "bob", 1001), Err(BankError::InsufficientFunds { needed: 1001, available: 1000 }));
    assert_eq!(b.balance("ann"), Ok(1000));
    assert_eq!(b.balance("bob"), Ok(0));
    assert_eq!(b.journal.entries().len(), n);
    assert_eq!(b.deposit("ann", 1), Ok(2));
}

#[test]
fn history_and_messages() {
    let mut b = bank();
    b.transfer("ann", "bob", 10).unwrap();
    b.transfer("bob", "cy", 5).unwrap();
    assert_eq!(b.journal.history("bob").len(), 2);
    assert_eq!(b.journal.history("cy").len(), 1);
    assert_eq!(b.journal.history("ann").len(), 2);
    assert_eq!(BankError::SameAccount.to_string(), "cannot transfer to the same account");
    assert_eq!(BankError::ZeroAmount.to_string(), "amount must be positive");
    assert_eq!(BankError::UnknownAccount("q".into()).to_string(), "unknown account q");
}
