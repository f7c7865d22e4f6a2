use appconf::{ConfError, Config};

#[test]
fn flat() {
    let c = Config::parse("# c\na = 1\n b=two words \n").unwrap();
    assert_eq!(c.get("a"), Some("1"));
    assert_eq!(c.get("b"), Some("two words"));
    assert_eq!(c.get("zzz"), None);
    assert_eq!(Config::parse("ok = 1\nbroken\n").unwrap_err(), ConfError::Syntax(2));
}
