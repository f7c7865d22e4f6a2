use humantime_lite::{format_duration, parse_duration, DurationError};
use std::time::Duration;

#[test]
fn single_unit() {
    assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
    assert_eq!(parse_duration(" 250ms "), Ok(Duration::from_millis(250)));
    assert_eq!(parse_duration(""), Err(DurationError::Empty));
    assert_eq!(parse_duration("5y"), Err(DurationError::BadUnit("y".into())));
    assert_eq!(parse_duration("h"), Err(DurationError::BadNumber));
    assert_eq!(format_duration(Duration::from_secs(7200)), "2h");
}
