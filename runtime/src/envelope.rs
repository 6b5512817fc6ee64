//! The vendor's response envelopes, unwrapped: `{"status":"success","data":{…}}` and
//! `{"status":"success","count":N,"data":[…]}`.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::page::Page;

/// `{"status":"success","data":{…}}`: one resource.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Data<T> {
    /// `"success"` as sent (kept for debugging; the HTTP status already said the call succeeded).
    #[serde(default)]
    status: Option<String>,
    data: T,
}

impl<T> Data<T> {
    /// The resource.
    pub fn into_inner(self) -> T {
        self.data
    }

    /// The envelope's `status`, as sent.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }
}

/// `{"status":"success","count":N,"data":[…]}`: a list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct List<T> {
    #[serde(default)]
    status: Option<String>,
    #[serde(default, with = "crate::wire::lenient")]
    count: Option<u64>,
    data: Vec<T>,
}

impl<T> List<T> {
    /// The items.
    pub fn into_inner(self) -> Vec<T> {
        self.data
    }

    /// The envelope's `count`, as sent.
    pub fn count(&self) -> Option<u64> {
        self.count
    }

    /// The envelope's `status`, as sent.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }
}

/// A response that holds a list of items: what [`windows::stream`](crate::windows::stream) decodes for each
/// window.
pub trait Envelope: DeserializeOwned {
    /// The type of one item.
    type Item;

    /// The items, in the order the server sent them.
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T: DeserializeOwned> Envelope for List<T> {
    type Item = T;

    fn into_items(self) -> Vec<T> {
        self.data
    }
}

impl<T: DeserializeOwned> Envelope for Data<Vec<T>> {
    type Item = T;

    fn into_items(self) -> Vec<T> {
        self.data
    }
}

impl<T: DeserializeOwned> Envelope for Page<T> {
    type Item = T;

    fn into_items(self) -> Vec<T> {
        self.results
    }
}

impl<T: DeserializeOwned> Envelope for Vec<T> {
    type Item = T;

    fn into_items(self) -> Vec<T> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Account {
        id: i64,
        name: String,
    }

    #[test]
    fn data_and_list_unwrap() {
        let one: Data<Account> =
            serde_json::from_str(r#"{"status":"success","data":{"id":33963,"name":"Banca"}}"#).unwrap();
        assert_eq!(one.status(), Some("success"));
        assert_eq!(one.into_inner(), Account { id: 33963, name: "Banca".into() });

        let many: List<Account> = serde_json::from_str(
            r#"{"status":"success","count":"2","data":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}"#,
        )
        .unwrap();
        assert_eq!(many.count(), Some(2));
        assert_eq!(many.into_items().len(), 2);

        let bare: List<Account> = serde_json::from_str(r#"{"data":[]}"#).unwrap();
        assert_eq!(bare.count(), None);
        assert!(bare.into_inner().is_empty());
    }

    #[test]
    fn envelopes_yield_items_in_order() {
        let data: Data<Vec<i64>> = serde_json::from_str(r#"{"status":"success","data":[3,1,2]}"#).unwrap();
        assert_eq!(data.into_items(), vec![3, 1, 2]);
        let page: Page<i64> = serde_json::from_str(r#"{"results":[5,4]}"#).unwrap();
        assert_eq!(page.into_items(), vec![5, 4]);
        assert_eq!(vec![1i64].into_items(), vec![1]);
    }

    #[test]
    fn missing_data_is_an_error() {
        assert!(serde_json::from_str::<Data<Account>>(r#"{"status":"success"}"#).is_err());
        assert!(serde_json::from_str::<List<Account>>(r#"{"status":"error","error":"x"}"#).is_err());
    }
}
