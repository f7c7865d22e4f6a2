use calc::{eval, Error};

#[test]
fn unary_minus() {
    assert_eq!(eval("-3 + 5"), Ok(2));
    assert_eq!(eval("2 * -(1 + 2)"), Ok(-6));
    assert_eq!(eval("--4"), Ok(4));
    assert_eq!(eval("-2 * 3"), Ok(-6));
    assert_eq!(eval("-7 / 2"), Ok(-3));
    assert_eq!(eval("4 - -1"), Ok(5));
}

#[test]
fn left_associative() {
    assert_eq!(eval("10 - 4 - 3"), Ok(3));
    assert_eq!(eval("100 / 10 / 5"), Ok(2));
    assert_eq!(eval("2 * 3 / 4"), Ok(1));
    assert_eq!(eval("1 - 2 + 3"), Ok(2));
    assert_eq!(eval("8 / 4 * 2"), Ok(4));
}

#[test]
fn errors_kept() {
    assert_eq!(eval("5 / (2 - 2)"), Err(Error::DivisionByZero));
    assert_eq!(eval("-"), Err(Error::UnexpectedEnd));
    assert_eq!(eval("1 +"), Err(Error::UnexpectedEnd));
    assert_eq!(eval("2 3"), Err(Error::UnexpectedToken("3".into())));
}
