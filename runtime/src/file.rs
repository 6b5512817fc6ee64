//! Reading a local file for a document upload.

use std::path::Path;

use crate::error::Error;

/// The contents of the file at `path`, e.g. for a document upload (the client encodes it as base64).
///
/// # Errors
/// [`Error::Io`], naming the path, when the file cannot be read.
pub async fn read_file(path: impl AsRef<Path>) -> Result<Vec<u8>, Error> {
    let path = path.as_ref();
    tokio::fs::read(path).await.map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_a_file_or_names_the_missing_path() {
        let bytes = read_file(concat!(env!("CARGO_MANIFEST_DIR"), "/src/file.rs")).await.unwrap();
        assert!(String::from_utf8_lossy(&bytes).contains("Reading a local file"));
        let error = read_file("/no/such/dir/scan.pdf").await.unwrap_err();
        assert!(error.to_string().contains("/no/such/dir/scan.pdf"), "{error}");
        assert!(std::error::Error::source(&error).is_some());
    }
}
