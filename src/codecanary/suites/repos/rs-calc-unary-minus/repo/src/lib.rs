mod lexer;
mod parser;

pub use parser::{eval, Error};
