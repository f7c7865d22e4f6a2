use appconf::{ConfError, Config};

#[test]
fn repo_file() {
    let c = Config::load("app.conf").unwrap();
    assert_eq!(c.get("name"), Some("billing"));
    assert_eq!(c.get("server.host"), Some("0.0.0.0"));
    assert_eq!(c.get_int("server.port"), Ok(Some(8080)));
    assert_eq!(c.get("database.url"), Some("postgres://db.internal/billing"));
    assert_eq!(c.get_int("database.pool_size"), Ok(Some(8)));
    assert_eq!(c.get_int("database.timeout"), Ok(Some(30)));
    assert_eq!(c.get("port"), None);
    assert_eq!(c.get_int("database.missing"), Ok(None));
    assert_eq!(c.get_int("database.url"), Err(ConfError::NotAnInt("database.url".into())));
}

#[test]
fn sections_rules() {
    let c = Config::parse("[ a ]\n x = 1\nx = 2\n[b]\nx=-3\n").unwrap();
    assert_eq!(c.get("a.x"), Some("2"));
    assert_eq!(c.get_int("b.x"), Ok(Some(-3)));
    assert_eq!(Config::parse("a=1\n\n[]\n").unwrap_err(), ConfError::Syntax(3));
    assert_eq!(Config::parse("[db\nx=1\n").unwrap_err(), ConfError::Syntax(1));
}
