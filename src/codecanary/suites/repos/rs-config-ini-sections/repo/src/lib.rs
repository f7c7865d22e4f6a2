use std::collections::HashMap;

#[derive(Debug, PartialEq)]
pub enum ConfError {
    Io(String),
    Syntax(usize),
    NotAnInt(String),
}

#[derive(Debug, Default)]
pub struct Config {
    values: HashMap<String, String>,
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfError> {
        let mut values = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let (k, v) = line.split_once('=').ok_or(ConfError::Syntax(i + 1))?;
            values.insert(k.trim().to_string(), v.trim().to_string());
        }
        Ok(Config { values })
    }

    pub fn load(path: &str) -> Result<Config, ConfError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfError::Io(e.to_string()))?;
        Config::parse(&text)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(|s| s.as_str())
    }
}
