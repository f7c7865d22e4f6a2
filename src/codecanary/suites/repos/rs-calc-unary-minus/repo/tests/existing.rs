use calc::{eval, Error};

#[test]
fn basics() {
    assert_eq!(eval("1 + 2 * 3"), Ok(7));
    assert_eq!(eval("(1 + 2) * 3"), Ok(9));
    assert_eq!(eval("7 / 2"), Ok(3));
    assert_eq!(eval("1 / 0"), Err(Error::DivisionByZero));
    assert_eq!(eval("(1"), Err(Error::UnexpectedEnd));
    assert_eq!(eval("1 $ 2"), Err(Error::UnexpectedToken("$".into())));
}
