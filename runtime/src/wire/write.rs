//! Writing a model one field at a time: the counterpart of [`object`](super::object) for `Serialize`.
//!
//! serde's derive wraps every `#[serde(with = …)]` field in a struct of its own and, for `#[serde(flatten)]`,
//! writes through a map adapter with one instantiation per field type; across the generated models that was
//! most of the crate's compile time. A generated model instead writes its fields in order through [`Object`],
//! whose methods are generic only over the field's type, so they are shared by every model:
//!
//! ```
//! use alfadocs_runtime::wire::{CustomFields, write};
//! use serde::ser::{Serialize, Serializer};
//!
//! struct Body {
//!     first_name: String,
//!     email_enabled: Option<bool>,
//!     custom_fields: CustomFields,
//! }
//!
//! impl Serialize for Body {
//!     fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         let mut object = write::object(serializer)?;
//!         object.lenient("firstName", &self.first_name)?;
//!         if let Some(value) = &self.email_enabled {
//!             object.lenient("emailEnabled", value)?;
//!         }
//!         object.custom(&self.custom_fields)?;
//!         object.end()
//!     }
//! }
//!
//! let mut body = Body { first_name: "Ada".into(), email_enabled: None, custom_fields: CustomFields::new() };
//! body.custom_fields.insert("allergie", "lattice");
//! assert_eq!(serde_json::to_string(&body)?, r#"{"firstName":"Ada","_allergie":"lattice"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::base64::encode;
use super::custom_fields::CustomFields;
use super::lenient::{Lenient, Written};

/// An object being written: a serde map, so that custom fields can follow the named ones.
pub struct Object<M>(M);

/// Starts writing an object.
///
/// # Errors
/// The serializer's error.
pub fn object<S: Serializer>(serializer: S) -> Result<Object<S::SerializeMap>, S::Error> {
    serializer.serialize_map(None).map(Object)
}

impl<M: SerializeMap> Object<M> {
    /// Writes a field as its type's `Serialize` says.
    ///
    /// # Errors
    /// The serializer's error.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// Writes a field in the vendor's documented form ([`Lenient::write`], `#[serde(with = "wire::lenient")]`).
    ///
    /// # Errors
    /// The serializer's error.
    pub fn lenient<T: Lenient>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(name, &Written(value))
    }

    /// Writes bytes as standard base64 text (`#[serde(with = "wire::base64")]`).
    ///
    /// # Errors
    /// The serializer's error.
    pub fn base64(&mut self, name: &'static str, bytes: &[u8]) -> Result<(), M::Error> {
        self.0.serialize_entry(name, &encode(bytes))
    }

    /// Writes every custom field under its `_` name, as sent.
    ///
    /// # Errors
    /// The serializer's error.
    pub fn custom(&mut self, fields: &CustomFields) -> Result<(), M::Error> {
        for (name, value) in fields {
            self.0.serialize_entry(name, value)?;
        }
        Ok(())
    }

    /// Ends the object.
    ///
    /// # Errors
    /// The serializer's error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}
