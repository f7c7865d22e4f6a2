use roman::{parse, to_roman, ParseError};

#[test]
fn formats() {
    assert_eq!(to_roman(1994), "MCMXCIV");
    assert_eq!(to_roman(8), "VIII");
}

#[test]
fn parses_additive() {
    assert_eq!(parse("VIII"), Ok(8));
    assert_eq!(parse("mdclxvi"), Ok(1666));
    assert_eq!(parse(""), Err(ParseError::Empty));
    assert_eq!(parse("ABC"), Err(ParseError::Invalid));
}
