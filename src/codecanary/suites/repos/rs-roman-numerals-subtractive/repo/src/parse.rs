#[derive(Debug, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    Invalid,
}

fn value(c: char) -> Option<u32> {
    Some(match c.to_ascii_uppercase() {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => return None,
    })
}

/// Parses a Roman numeral.
pub fn parse(s: &str) -> Result<u32, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut total = 0;
    for c in s.chars() {
        total += value(c).ok_or(ParseError::Invalid)?;
    }
    Ok(total)
}
