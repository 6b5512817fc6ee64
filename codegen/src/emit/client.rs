//! The crate root, the `Client`, the `Archive` handle, and the module indexes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Part, doc, module_doc};
use crate::ir::{Api, Group, Scope};

/// `src/lib.rs`.
pub fn lib(api: &Api) -> TokenStream {
    // The README is the crate's front page on crates.io and in rustdoc alike, so its examples are doctests.
    let mut paragraphs = Vec::new();
    if let Some(description) = api.description.as_deref() {
        paragraphs.extend([Part::Ours("# The API, in the vendor's words"), Part::Spec(description)]);
    }
    let docs = module_doc(&paragraphs);
    let client_exports = if api.has_archive() {
        quote!(
            pub use client::{Archive, Client};
        )
    } else {
        quote!(
            pub use client::Client;
        )
    };
    quote! {
        #![doc = include_str!("../README.md")]
        #![doc = ""]
        #docs

        pub mod api;
        mod client;
        pub mod description;
        pub mod models;

        pub use alfadocs_runtime::wire::CustomFields;
        pub use alfadocs_runtime::{
            ApiKey, ByteStream, Bytes, ClientBuilder, Error, Headers, Hook, HookRequest, HookResponse, Limit, Links, Method,
            NaiveDate, NaiveDateTime, Page, Provenance, RawRequest, RedirectRefusal, RequestOptions, Response, RetryPolicy,
            read_file,
        };
        #client_exports
        /// What reading a `.stream()` takes (`try_next`, `try_collect`, `next`…), so that users need not depend
        /// on futures-util themselves.
        pub use futures_util::{Stream, StreamExt, TryStreamExt};

        /// The hand-written runtime this crate is built on: HTTP, retries, wire formats, pagination.
        pub use alfadocs_runtime as runtime;
    }
}

/// `src/client.rs`.
pub fn client(api: &Api) -> TokenStream {
    let groups = |scope: Scope| api.groups.iter().filter(move |group| group.scope == scope);
    let client_accessors = groups(Scope::Client).map(|group| accessor(group, quote!(self.http.clone())));
    let api_types = api.groups.iter().map(|group| format_ident!("{}", group.type_name));
    let current_archive = api.context.as_ref().map(|context| {
        let accessor = format_ident!("{}", context.group_accessor);
        let method = format_ident!("{}", context.method);
        let practice = format_ident!("{}", context.practice_field);
        let archive = format_ident!("{}", context.archive_field);
        let operation = &context.operation_id;
        let docs = doc(&[Part::Ours(&format!(
            "The archive the API key belongs to, asked of the API (`{operation}`): an API key is related to one archive."
        ))]);
        quote! {
            #docs
            pub async fn current_archive(&self) -> Result<Archive, Error> {
                let context = self.#accessor().#method().send().await?;
                match (context.#practice, context.#archive) {
                    (Some(practice_id), Some(archive_id)) => Ok(self.archive(practice_id, archive_id)),
                    _ => Err(Error::protocol(#operation, "the answer names no practiceId and archiveId")),
                }
            }
        }
    });
    let archive_constructor = api.has_archive().then(|| {
        quote! {
            /// The handle of one archive, for the operations under `/practices/{practiceId}/archives/{archiveId}`.
            pub fn archive(&self, practice_id: i64, archive_id: i64) -> Archive {
                Archive { http: self.http.clone(), practice_id, archive_id }
            }
        }
    });
    let archive = api.has_archive().then(|| archive_handle(api));
    let module_doc = module_doc(&[Part::Ours(if api.has_archive() {
        "The client and the archive handle the operations hang on."
    } else {
        "The client the operations hang on."
    })]);
    let default_url = format!("The API's address defaults to <{}>.", api.base_url);
    let client_doc = doc(&[
        Part::Ours(
            "A client of the AlfaDocs API: the API key, the connection pool and the retry policy. Cheap to clone.",
        ),
        Part::Ours(&default_url),
    ]);
    quote! {
        #module_doc

        use alfadocs_runtime::{ApiKey, ClientBuilder, Error, HttpClient, Method, RawRequest};

        use crate::api::{#(#api_types),*};

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            http: HttpClient,
        }

        impl From<HttpClient> for Client {
            fn from(http: HttpClient) -> Self {
                Self { http }
            }
        }

        impl Client {
            /// A client with the default options.
            pub fn new(api_key: impl Into<ApiKey>) -> Result<Self, Error> {
                Self::builder(api_key).build()
            }

            /// A builder to set the base URL, timeout, retry policy or user agent.
            pub fn builder(api_key: impl Into<ApiKey>) -> ClientBuilder<Self> {
                ClientBuilder::new(api_key)
            }

            /// A client from `ALFADOCS_API_KEY` and, if set, `ALFADOCS_BASE_URL`.
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::<Self>::from_env()?.build()
            }

            #archive_constructor

            #current_archive

            /// The escape hatch: a request to any `path` of the API (`/v1/…`, or an absolute URL under the base
            /// URL) with this client's key, base URL, retries, redirect rules, hooks and [`Error`] type, decoding
            /// into any `Deserialize` type — for an operation the spec lacks or gets wrong (see
            /// `docs/spec-provenance.md` for how sure we are of each path). Another origin is refused.
            ///
            /// ```no_run
            /// # async fn run(client: alfadocs::Client) -> Result<(), alfadocs::Error> {
            /// let me: serde_json::Value = client.raw(alfadocs::Method::Get, "/v1/me").send().await?;
            /// # Ok(())
            /// # }
            /// ```
            pub fn raw(&self, method: Method, path: &str) -> RawRequest {
                self.http.raw(method, path)
            }

            #(#client_accessors)*
        }

        #archive
    }
}

/// The `Archive` handle, with the accessors of the archive-scoped groups.
fn archive_handle(api: &Api) -> TokenStream {
    let archive_accessors = api
        .groups
        .iter()
        .filter(|group| group.scope == Scope::Archive)
        .map(|group| accessor(group, quote!(self.clone())));
    quote! {
        /// One archive of one practice: the operations that work on its patients, appointments, bills and the rest.
        #[derive(Debug, Clone)]
        pub struct Archive {
            pub(crate) http: HttpClient,
            pub(crate) practice_id: i64,
            pub(crate) archive_id: i64,
        }

        impl Archive {
            /// The practice's ID.
            pub fn practice_id(&self) -> i64 {
                self.practice_id
            }

            /// The archive's ID.
            pub fn archive_id(&self) -> i64 {
                self.archive_id
            }

            /// The escape hatch of [`Client::raw`], with `{practiceId}` and `{archiveId}` in `path` filled in with
            /// this archive's ids.
            ///
            /// ```no_run
            /// # async fn run(archive: alfadocs::Archive) -> Result<(), alfadocs::Error> {
            /// #[derive(serde::Deserialize)]
            /// struct Insurer {
            ///     id: i64,
            /// }
            /// #[derive(serde::Deserialize)]
            /// struct Listed {
            ///     data: Vec<Insurer>,
            /// }
            /// let path = "/v1/practices/{practiceId}/archives/{archiveId}/insurers";
            /// let listed: Listed = archive.raw(alfadocs::Method::Get, path).query("limit", &50).send().await?;
            /// let ids: Vec<i64> = listed.data.iter().map(|insurer| insurer.id).collect();
            /// # Ok(())
            /// # }
            /// ```
            pub fn raw(&self, method: Method, path: &str) -> RawRequest {
                let path = path
                    .replace("{practiceId}", &self.practice_id.to_string())
                    .replace("{archiveId}", &self.archive_id.to_string());
                self.http.raw(method, &path)
            }

            #(#archive_accessors)*
        }
    }
}

fn accessor(group: &Group, value: TokenStream) -> TokenStream {
    let name = format_ident!("{}", group.accessor);
    let ty = format_ident!("{}", group.type_name);
    let text = match &group.description {
        Some(description) => format!("{}: {}", group.tag, description),
        None => group.tag.clone(),
    };
    let docs = doc(&[Part::Spec(&text)]);
    quote! {
        #docs
        pub fn #name(&self) -> #ty {
            #ty::new(#value)
        }
    }
}

/// `src/api/mod.rs`.
pub fn api_index(api: &Api) -> TokenStream {
    // In module order, as rustfmt keeps `mod` and `use` lists.
    let mut groups: Vec<&Group> = api.groups.iter().collect();
    groups.sort_by_key(|group| group.module.as_str());
    let modules = groups.iter().map(|group| {
        let module = format_ident!("{}", group.module);
        let docs = doc(&[Part::Spec(&group.tag)]);
        quote!(#docs pub mod #module;)
    });
    let exports = groups.iter().map(|group| {
        let module = format_ident!("{}", group.module);
        let ty = format_ident!("{}", group.type_name);
        quote!(pub use #module::#ty;)
    });
    quote! {
        //! The operations, one module per tag of the specification.

        #(#modules)*

        #(#exports)*
    }
}

/// `src/models/mod.rs`.
pub fn models_index(api: &Api) -> TokenStream {
    let mut items: Vec<(&str, &str)> = api
        .models
        .iter()
        .map(|model| (model.name.as_str(), model.module.as_str()))
        .chain(api.enums.iter().map(|item| (item.name.as_str(), item.module.as_str())))
        .collect();
    items.sort_unstable();
    let modules = items.iter().map(|(_, module)| {
        let module = format_ident!("{}", module);
        quote!(mod #module;)
    });
    let exports = items.iter().map(|(name, module)| {
        let module = format_ident!("{}", module);
        let ty = format_ident!("{}", name);
        quote!(pub use #module::#ty;)
    });
    quote! {
        //! The request and response bodies, and the enums they use.

        #(#modules)*

        #(#exports)*
    }
}
