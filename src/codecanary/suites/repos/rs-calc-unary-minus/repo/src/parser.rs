use crate::lexer::{lex, Tok};

#[derive(Debug, PartialEq)]
pub enum Error {
    UnexpectedToken(String),
    UnexpectedEnd,
    DivisionByZero,
}

struct P {
    toks: Vec<Tok>,
    pos: usize,
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Num(n) => n.to_string(),
        Tok::Op(c) => c.to_string(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
    }
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    // expr := term (('+'|'-') expr)?
    fn expr(&mut self) -> Result<i64, Error> {
        let left = self.term()?;
        match self.peek() {
            Some(Tok::Op('+')) => { self.next(); Ok(left + self.expr()?) }
            Some(Tok::Op('-')) => { self.next(); Ok(left - self.expr()?) }
            _ => Ok(left),
        }
    }

    // term := atom (('*'|'/') term)?
    fn term(&mut self) -> Result<i64, Error> {
        let left = self.atom()?;
        match self.peek() {
            Some(Tok::Op('*')) => { self.next(); Ok(left * self.term()?) }
            Some(Tok::Op('/')) => {
                self.next();
                let right = self.term()?;
                if right == 0 { return Err(Error::DivisionByZero); }
                Ok(left / right)
            }
            _ => Ok(left),
        }
    }

    fn atom(&mut self) -> Result<i64, Error> {
        match self.next() {
            Some(Tok::Num(n)) => Ok(n),
            Some(Tok::LParen) => {
                let v = self.expr()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(v),
                    Some(t) => Err(Error::UnexpectedToken(show(&t))),
                    None => Err(Error::UnexpectedEnd),
                }
            }
            Some(t) => Err(Error::UnexpectedToken(show(&t))),
            None => Err(Error::UnexpectedEnd),
        }
    }
}

pub fn eval(s: &str) -> Result<i64, Error> {
    let toks = lex(s).map_err(Error::UnexpectedToken)?;
    let mut p = P { toks, pos: 0 };
    let v = p.expr()?;
    match p.next() {
        None => Ok(v),
        Some(t) => Err(Error::UnexpectedToken(show(&t))),
    }
}
