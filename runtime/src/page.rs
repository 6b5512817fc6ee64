//! The vendor's offset/limit page: `{"links":{…},"total":N,"offset":O,"limit":L,"results":[…]}`.

use std::collections::BTreeMap;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One page of a paginated list (patients, phone numbers).
///
/// Numbers are read leniently (`"50"` as 50); a missing or unreadable `links` object reads as no links.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// Links to neighbouring pages.
    #[serde(default)]
    pub links: Links,
    /// The number of results across all pages.
    #[serde(default, with = "crate::wire::lenient", skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The position of this page's first result in the whole list.
    #[serde(default, with = "crate::wire::lenient", skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The page size asked for.
    #[serde(default, with = "crate::wire::lenient", skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// This page's results.
    pub results: Vec<T>,
}

impl<T> Page<T> {
    /// A page of `results` without links or counts (for tests and fakes).
    pub fn new(results: Vec<T>) -> Self {
        Self { links: Links::default(), total: None, offset: None, limit: None, results }
    }
}

/// A page's `links`: absolute URLs of the neighbouring pages, when the server gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Links {
    /// The next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The previous page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// Every other link (`self`, `first`, `last`…), as sent.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

impl<'de> Deserialize<'de> for Links {
    /// An object of links; `null`, `[]` (PHP's empty map) or anything else that is not an object reads as no
    /// links: the page's results matter more than its links, and pagination then falls back to offsets.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LinksVisitor)
    }
}

struct LinksVisitor;

impl<'de> Visitor<'de> for LinksVisitor {
    type Value = Links;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of links")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Links, A::Error> {
        let mut links = Links::default();
        while let Some(key) = map.next_key::<String>()? {
            let value: serde_json::Value = map.next_value()?;
            // `"next": null`, `"next": ""` and `"next": false` all mean there is no next page.
            let url = value.as_str().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned);
            match key.as_str() {
                "next" => links.next = url,
                "prev" | "previous" if links.prev.is_none() => links.prev = url,
                _ => {
                    links.other.insert(key, value);
                }
            }
        }
        Ok(links)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Links, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Links::default())
    }

    fn visit_unit<E>(self) -> Result<Links, E> {
        Ok(Links::default())
    }

    fn visit_none<E>(self) -> Result<Links, E> {
        Ok(Links::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<Links, E> {
        Ok(Links::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<Links, E> {
        Ok(Links::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_vendor_page_with_string_numbers() {
        let page: Page<serde_json::Value> = serde_json::from_str(
            r#"{"links":{"self":"https://x/a","next":"https://x/b","prev":null},
                "total":"120","offset":50,"limit":"50","results":[{"id":1}]}"#,
        )
        .unwrap();
        assert_eq!(page.total, Some(120));
        assert_eq!(page.offset, Some(50));
        assert_eq!(page.limit, Some(50));
        assert_eq!(page.links.next.as_deref(), Some("https://x/b"));
        assert_eq!(page.links.prev, None);
        assert_eq!(page.links.other.get("self"), Some(&serde_json::json!("https://x/a")));
        assert_eq!(page.results.len(), 1);
    }

    #[test]
    fn odd_links_read_as_none_and_results_are_required() {
        for links in ["[]", "null", "\"\"", "{\"next\":\"\"}", "{\"next\":false}"] {
            let page: Page<i64> = serde_json::from_str(&format!(r#"{{"links":{links},"results":[]}}"#)).unwrap();
            assert_eq!(page.links.next, None, "{links}");
        }
        let page: Page<i64> = serde_json::from_str(r#"{"results":[1,2]}"#).unwrap();
        assert_eq!(page, Page::new(vec![1, 2]));
        assert!(serde_json::from_str::<Page<i64>>(r#"{"total":3}"#).is_err());
    }

    #[test]
    fn round_trips_through_serde() {
        let page: Page<i64> =
            serde_json::from_str(r#"{"links":{"next":"n","first":"f"},"total":2,"results":[1]}"#).unwrap();
        let again: Page<i64> = serde_json::from_value(serde_json::to_value(&page).unwrap()).unwrap();
        assert_eq!(page, again);
    }
}
