//! Binary fields sent as base64 text, such as a document upload's `base64Data`.
//!
//! `#[serde(with = "alfadocs_runtime::wire::base64")]` on a `Vec<u8>`, `Option<Vec<u8>>` or `Bytes` field
//! writes standard base64 with padding, and reads standard base64 with or without padding, ignoring line breaks
//! (MIME-style wrapping).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use bytes::Bytes;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::Serializer;

/// A field type the [`base64`](self) module reads and writes.
pub trait Base64Field: Sized {
    /// Reads the field from base64 text.
    ///
    /// # Errors
    /// When the text is not base64.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// Writes the field as standard base64 text.
    ///
    /// # Errors
    /// The serializer's error.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Reads a base64 field.
///
/// # Errors
/// When the text is not base64.
pub fn deserialize<'de, T: Base64Field, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// Writes a base64 field.
///
/// # Errors
/// The serializer's error.
pub fn serialize<T: Base64Field, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// Standard base64 text of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// The bytes of standard base64 text, with or without padding; ASCII whitespace is ignored.
///
/// # Errors
/// A description of what is wrong with the text.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let compact: String;
    let text = if text.bytes().any(|byte| byte.is_ascii_whitespace()) {
        compact = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        compact.as_str()
    } else {
        text
    };
    let unpadded = text.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(unpadded)
        .or_else(|_| STANDARD.decode(text))
        .map_err(|error| format!("invalid base64: {error}"))
}

fn read_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
    decode(&text).map_err(D::Error::custom)
}

impl Base64Field for Vec<u8> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer)
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&encode(self))
    }
}

impl Base64Field for Bytes {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer).map(Bytes::from)
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&encode(self))
    }
}

impl Base64Field for Option<Vec<u8>> {
    /// `null` and `""` read as `None`.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => decode(&text).map(Some).map_err(D::Error::custom),
        }
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(bytes) => serializer.serialize_str(&encode(bytes)),
            None => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Upload {
        #[serde(rename = "base64Data", with = "crate::wire::base64")]
        data: Vec<u8>,
        #[serde(default, with = "crate::wire::base64", skip_serializing_if = "Option::is_none")]
        thumbnail: Option<Vec<u8>>,
    }

    #[test]
    fn writes_standard_base64_and_reads_it_back() {
        let upload = Upload { data: b"%PDF-1.4\n\xff\xfe".to_vec(), thumbnail: None };
        let json = serde_json::to_string(&upload).unwrap();
        assert_eq!(json, r#"{"base64Data":"JVBERi0xLjQK//4="}"#);
        assert_eq!(serde_json::from_str::<Upload>(&json).unwrap(), upload);
    }

    #[test]
    fn reads_unpadded_wrapped_and_empty_text() {
        let upload: Upload = serde_json::from_str(r#"{"base64Data":"JVBERi0x\nLjQK//4","thumbnail":""}"#).unwrap();
        assert_eq!(upload.data, b"%PDF-1.4\n\xff\xfe");
        assert_eq!(upload.thumbnail, None);
        let upload: Upload = serde_json::from_str(r#"{"base64Data":"","thumbnail":"AQI="}"#).unwrap();
        assert_eq!((upload.data, upload.thumbnail), (Vec::new(), Some(vec![1, 2])));
    }

    #[test]
    fn rejects_what_is_not_base64() {
        let error = serde_json::from_str::<Upload>(r#"{"base64Data":"not base64!"}"#).unwrap_err();
        assert!(error.to_string().contains("invalid base64"), "{error}");
        assert!(serde_json::from_str::<Upload>(r#"{"base64Data":12}"#).is_err());
    }
}
