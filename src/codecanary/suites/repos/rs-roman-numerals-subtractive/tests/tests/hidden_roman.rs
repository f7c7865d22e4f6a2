use roman::{parse, to_roman, ParseError};

#[test]
fn subtractive() {
    assert_eq!(parse("XIV"), Ok(14));
    assert_eq!(parse("MCMXCIV"), Ok(1994));
    assert_eq!(parse("cdxliv"), Ok(444));
    assert_eq!(parse("MMMCMXCIX"), Ok(3999));
    assert_eq!(parse("IV"), Ok(4));
}

#[test]
fn round_trip_all() {
    for n in 1..=3999 {
        assert_eq!(parse(&to_roman(n)), Ok(n), "{}", n);
    }
}

#[test]
fn rejects_non_canonical() {
    for s in ["IIII", "IC", "VX", "MMMM", "IIV", "XM", "VV", "LL", "DD", "IXI"] {
        assert_eq!(parse(s), Err(ParseError::Invalid), "{}", s);
    }
    assert_eq!(parse(""), Err(ParseError::Empty));
}
