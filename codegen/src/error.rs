//! Errors that name the place: the file, the line where known, and the JSON pointer.
//!
//! Every stage of the pipeline returns these; none panics. A maintainer reading one should be able to open
//! the file at the line and see the node the message talks about.

use std::fmt;

/// A failure of the generator, located as precisely as the stage that found it could.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    file: Option<String>,
    line: Option<u32>,
    pointer: Option<String>,
    message: String,
}

/// The result of every stage.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with a message and no location yet.
    pub fn new(message: impl Into<String>) -> Self {
        Self { file: None, line: None, pointer: None, message: message.into() }
    }

    /// Names the file the error is in.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Names the line (1-based) the error is at, where it is known.
    pub fn at_line(mut self, line: Option<u32>) -> Self {
        self.line = line;
        self
    }

    /// Names the JSON pointer (RFC 6901) of the node the error is about.
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// The file, if known.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The line, if known.
    pub fn line(&self) -> Option<u32> {
        self.line
    }

    /// The JSON pointer, if known.
    pub fn pointer(&self) -> Option<&str> {
        self.pointer.as_deref()
    }

    /// What went wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        if let Some(pointer) = &self.pointer {
            let shown = if pointer.is_empty() { "the document root" } else { pointer };
            write!(f, "at {shown}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
