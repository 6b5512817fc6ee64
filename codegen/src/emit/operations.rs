//! One module per tag under `src/api/`: the group struct with a method per operation, and a request builder
//! per operation (required parameters as arguments, optional ones as builder methods, then `send`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::arguments::{argument_type, option_setter};
use super::docs::{Part, doc, escape, module_doc};
use super::types::{Imports, rust};
use crate::ir::{
    DateWindow, Envelope, Group, Method, Operation, Param, ParamLocation, Personal, Provenance, Response, Scope, Type,
};
use crate::template::Piece;

/// The module of one group.
pub fn group(group: &Group) -> TokenStream {
    let mut imports = Imports::default();
    let mut runtime: Vec<&'static str> = vec![
        "Duration",
        "Error",
        "Method",
        "Operation",
        "Personal",
        "Provenance",
        "Request",
        "RequestOptions",
        "RetryPolicy",
    ];
    if group.operations.iter().any(|op| op.window.is_none()) {
        runtime.push("Response");
    }
    if group
        .operations
        .iter()
        .any(|op| op.params.iter().any(|param| param.location == ParamLocation::Path && param.ty != Type::Int))
    {
        runtime.push("path_segment");
    }
    let mut needs_stream = false;
    let mut needs_try_stream = false;
    for op in &group.operations {
        for param in op.params.iter().filter(|param| !param.from_scope) {
            imports.add(&param.ty);
        }
        if let Some(body) = &op.body {
            imports.add(&body.ty);
        }
        match &op.response {
            Response::Json { envelope, ty } => {
                imports.add(ty);
                match envelope {
                    Envelope::Data | Envelope::List => runtime.push("envelope"),
                    Envelope::Page => runtime.push("Page"),
                    Envelope::Bare => {}
                }
            }
            Response::Bytes { .. } => runtime.extend(["Bytes", "ByteStream"]),
            Response::Empty => {}
        }
        if op.pagination.is_some() {
            runtime.push("paginate");
            needs_stream = true;
        }
        if op.window.is_some() {
            runtime.extend(["windows", "NaiveDate"]);
            needs_stream = true;
            needs_try_stream = true;
        }
    }
    match group.scope {
        Scope::Archive => imports.add_use("crate", "Archive"),
        Scope::Client => runtime.push("HttpClient"),
    }
    for name in runtime {
        imports.add_use("alfadocs_runtime", name);
    }
    if needs_stream {
        imports.add_use("futures_util", "Stream");
    }
    if needs_try_stream {
        imports.add_use("futures_util", "TryStreamExt");
    }
    let imports = imports.tokens(&[]);
    let title = group_title(group);
    let module_doc = module_doc(&[Part::Spec(&title)]);
    let type_name = format_ident!("{}", group.type_name);
    let (field, field_ty) = handle_field(group.scope);
    let methods = group.operations.iter().map(|op| group_method(op, group.scope));
    let statics = group.operations.iter().map(operation_static);
    let builders = group.operations.iter().map(|op| builder(op, group));
    let reached = match group.scope {
        Scope::Archive => format!("Reached with [`Archive::{}`](crate::Archive::{}).", group.accessor, group.accessor),
        Scope::Client => format!("Reached with [`Client::{}`](crate::Client::{}).", group.accessor, group.accessor),
    };
    let group_doc = doc(&[Part::Spec(&title), Part::Ours(&reached)]);
    quote! {
        #module_doc

        #imports

        #group_doc
        #[derive(Debug, Clone)]
        pub struct #type_name {
            #field: #field_ty,
        }

        impl #type_name {
            pub(crate) fn new(#field: #field_ty) -> Self {
                Self { #field }
            }

            #(#methods)*
        }

        #(#statics)*

        #(#builders)*
    }
}

fn group_title(group: &Group) -> String {
    match &group.description {
        Some(description) => format!("{}: {}", group.tag, description),
        None => group.tag.clone(),
    }
}

fn handle_field(scope: Scope) -> (TokenStream, TokenStream) {
    match scope {
        Scope::Archive => (quote!(archive), quote!(Archive)),
        Scope::Client => (quote!(http), quote!(HttpClient)),
    }
}

/// The parameters the caller gives as arguments: required ones not filled by the handle.
fn arguments(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| param.required && !param.from_scope)
}

fn optional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| !param.required && !param.from_scope)
}

/// An argument's type: strings are taken as `impl Into<String>`.
fn operation_doc(op: &Operation) -> TokenStream {
    let wire = format!("`{} {}` (`{}`)", op.method, op.path, op.id);
    let args: Vec<String> = arguments(op)
        .map(|param| match &param.description {
            Some(description) => format!("- `{}`: {}", param.rust_name, escape(description)),
            None => format!("- `{}`", param.rust_name),
        })
        .chain(op.body.as_ref().map(|body| match &body.description {
            Some(description) => format!("- `body`: {}", escape(description)),
            None => "- `body`: the request body.".to_owned(),
        }))
        .collect();
    let args = (!args.is_empty()).then(|| format!("# Arguments\n\n{}", args.join("\n")));
    let retry = (!op.method.is_idempotent()).then(|| {
        format!(
            "Not retried after a failure unless the request allows it with `retry_on_failure(true)`: if the \
             first attempt reached the server, a repeated request could {}.",
            repeat_risk(op.method)
        )
    });
    let mut parts: Vec<Part<'_>> =
        [op.summary.as_deref(), op.description.as_deref()].into_iter().flatten().map(Part::Spec).collect();
    parts.push(Part::Ours(&wire));
    let provenance = op.provenance.map(provenance_doc);
    parts.extend(provenance.as_deref().map(Part::Ours));
    parts.extend(args.as_deref().map(Part::Ours));
    parts.extend(retry.as_deref().map(Part::Ours));
    doc(&parts)
}

/// What the provenance data says of the method and path, in the words a caller needs.
fn provenance_doc(provenance: Provenance) -> String {
    let grade = match provenance {
        Provenance::Seen => {
            return "Method and path: **seen in traffic** (`docs/spec-provenance.md` gives the evidence).".to_owned();
        }
        Provenance::Inferred => "**inferred**, not seen in traffic",
        Provenance::Guessed => "**a guess**, not seen in traffic",
    };
    format!(
        "Method and path: {grade} (`docs/spec-provenance.md` gives the evidence). If the API answers 404 or 405, \
         the path may be wrong: the error says so, and `raw(Method::…, \"/v1/…\")` on the client or archive calls \
         the right one with the same key, retries and errors."
    )
}

/// What repeating a request that is not idempotent risks, in the words of its method: a POST creates, a PATCH
/// changes attributes to the values sent.
fn repeat_risk(method: Method) -> &'static str {
    match method {
        Method::Patch => "write its values again over a change made in between",
        _ => "create the record twice",
    }
}

fn group_method(op: &Operation, scope: Scope) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let builder = format_ident!("{}", op.builder);
    let (field, _) = handle_field(scope);
    let args = arguments(op).map(|param| {
        let ident = format_ident!("{}", param.rust_name);
        let ty = argument_type(&param.ty);
        quote!(#ident: #ty)
    });
    let body_arg = op.body.as_ref().map(|body| {
        let ty = rust(&body.ty);
        quote!(body: #ty)
    });
    let all_args = args.chain(body_arg);
    let inits = builder_inits(op);
    let docs = operation_doc(op);
    quote! {
        #docs
        pub fn #name(&self, #(#all_args),*) -> #builder {
            #builder { #field: self.#field.clone(), #(#inits)* }
        }
    }
}

fn builder_inits(op: &Operation) -> Vec<TokenStream> {
    let mut inits: Vec<TokenStream> = arguments(op)
        .map(|param| {
            let ident = format_ident!("{}", param.rust_name);
            match param.ty {
                Type::String => quote!(#ident: #ident.into(),),
                _ => quote!(#ident,),
            }
        })
        .collect();
    inits.extend(optional(op).map(|param| {
        let ident = format_ident!("{}", param.rust_name);
        quote!(#ident: None,)
    }));
    if op.body.is_some() {
        inits.push(quote!(body,));
    }
    if !op.method.is_idempotent() {
        inits.push(quote!(retry_on_failure: false,));
    }
    inits.push(quote!(options: RequestOptions::default(),));
    inits
}

fn static_ident(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.static_name)
}

/// The runtime's `Provenance` value of an operation's provenance grade.
pub(super) fn provenance_value(provenance: Option<Provenance>) -> TokenStream {
    let variant = format_ident!("{}", provenance.map_or("Unrecorded", Provenance::variant));
    quote!(Provenance::#variant)
}

/// The runtime's `Personal` value of what lowering decided an operation's bodies carry.
pub(super) fn personal_value(personal: &Personal) -> TokenStream {
    if personal.is_none() {
        return quote!(Personal::NONE);
    }
    let fields = personal.fields.iter();
    let custom_fields = personal.custom_fields;
    quote!(Personal::new(&[#(#fields),*], #custom_fields))
}

fn operation_static(op: &Operation) -> TokenStream {
    let ident = static_ident(op);
    let id = &op.id;
    let method = format_ident!("{}", op.method.variant());
    let path = op.path.to_string();
    let provenance = provenance_value(op.provenance);
    let personal = personal_value(&op.personal);
    // Error answers are JSON whatever the operation returns; a file download asks for the file's type.
    let accept = match &op.response {
        Response::Bytes { media_type } => media_type.as_str(),
        Response::Empty | Response::Json { .. } => "application/json",
    };
    quote! {
        static #ident: Operation = Operation {
            id: #id,
            method: Method::#method,
            path: #path,
            accept: #accept,
            provenance: #provenance,
            personal: #personal,
        };
    }
}

fn builder(op: &Operation, group: &Group) -> TokenStream {
    let name = format_ident!("{}", op.builder);
    let (field, field_ty) = handle_field(group.scope);
    let fields = arguments(op)
        .map(|param| {
            let ident = format_ident!("{}", param.rust_name);
            let ty = rust(&param.ty);
            quote!(#ident: #ty,)
        })
        .chain(optional(op).map(|param| {
            let ident = format_ident!("{}", param.rust_name);
            let ty = rust(&param.ty);
            quote!(#ident: Option<#ty>,)
        }))
        .chain(op.body.as_ref().map(|body| {
            let ty = rust(&body.ty);
            quote!(body: #ty,)
        }))
        .chain((!op.method.is_idempotent()).then(|| quote!(retry_on_failure: bool,)))
        .chain([quote!(options: RequestOptions,)]);
    let setters = optional(op).map(setter);
    let options = options_methods(op);
    let retry = (!op.method.is_idempotent()).then(|| {
        let docs = doc(&[
            Part::Ours("Allows the client to retry this request after a connection error or a 429/502/503/504 answer."),
            Part::Ours(&format!(
                "Off by default: if the first attempt reached the server, a retry could {}. Allow it only where \
                 that is harmless or will be put right.",
                repeat_risk(op.method)
            )),
        ]);
        quote! {
            #docs
            pub fn retry_on_failure(mut self, allowed: bool) -> Self {
                self.retry_on_failure = allowed;
                self
            }
        }
    });
    let request = request_fn(op, group.scope);
    let send = send_fns(op, group.scope);
    let doc_text = if optional(op).next().is_some() || !op.method.is_idempotent() {
        format!("The request of [`{}::{}`]: set its options, then send it.", group.type_name, op.method_name)
    } else {
        format!("The request of [`{}::{}`], ready to send.", group.type_name, op.method_name)
    };
    let docs = doc(&[Part::Ours(&doc_text)]);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name {
            #field: #field_ty,
            #(#fields)*
        }

        impl #name {
            #(#setters)*
            #retry
            #options
            #request
            #send
        }
    }
}

/// The per-request options every builder has (see the runtime's `RequestOptions`); streams also take a deadline
/// for the whole stream.
///
/// These setters and each builder's `request()` are `#[inline]`: a non-generic function is otherwise compiled
/// in full where it is defined, every builder's whether a program calls it or not, which was a third of the
/// generated crate's machine code; inline, each is compiled where it is used (`send` is async, so it already
/// is), and the body serialisation `request()` reaches goes with it.
fn options_methods(op: &Operation) -> TokenStream {
    let stream_deadline = (op.pagination.is_some() || op.window.is_some()).then(|| {
        quote! {
            /// The longest `stream()` (or, for a windowed list, `send`) may take from its first request to its
            /// last item; then it ends with `Error::Timeout`.
            #[inline]
            pub fn stream_deadline(mut self, deadline: Duration) -> Self {
                self.options = self.options.stream_deadline(deadline);
                self
            }
        }
    });
    let each =
        if op.pagination.is_some() || op.window.is_some() { " (for a stream: each of its requests)" } else { "" };
    let timeout_doc = format!(" How long each attempt may take{each}, instead of the client's timeout.");
    let deadline_doc = format!(
        " The longest the whole call may take{each} — every attempt and every wait between them — after which \
         it ends with `Error::Timeout`, whatever the retry policy."
    );
    quote! {
        #[doc = #timeout_doc]
        #[inline]
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.options = self.options.timeout(timeout);
            self
        }

        /// The retry policy of this request, instead of the client's.
        #[inline]
        pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
            self.options = self.options.retry_policy(policy);
            self
        }

        /// Adds the header `name: value` to every attempt (not the client's own headers: an invalid one fails
        /// `send` with `Error::InvalidInput`).
        #[inline]
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.options = self.options.header(name, value);
            self
        }

        #[doc = #deadline_doc]
        #[inline]
        pub fn deadline(mut self, deadline: Duration) -> Self {
            self.options = self.options.deadline(deadline);
            self
        }

        #stream_deadline

        /// Sets several options at once; the options set here win over those set before.
        #[inline]
        pub fn options(mut self, options: RequestOptions) -> Self {
            self.options = self.options.merge(options);
            self
        }
    }
}

fn setter(param: &Param) -> TokenStream {
    let fallback = format!("Sets `{}`.", param.wire_name);
    let docs = doc(&[Part::spec_or(param.description.as_deref(), &fallback)]);
    option_setter(&param.rust_name, &param.ty, docs)
}

/// The expression of one parameter's value inside the builder (`self.x`, or the handle's id).
fn param_expr(param: &Param, scope: Scope) -> TokenStream {
    if param.from_scope && scope == Scope::Archive {
        let ident = format_ident!("{}", param.rust_name);
        return quote!(self.archive.#ident);
    }
    let ident = format_ident!("{}", param.rust_name);
    quote!(self.#ident)
}

fn request_fn(op: &Operation, scope: Scope) -> TokenStream {
    let op_static = static_ident(op);
    // Each path parameter is encoded into a local named after it, so the path reads as its template.
    let mut format = String::new();
    let mut segments = Vec::new();
    for piece in op.path.pieces() {
        match piece {
            Piece::Literal(text) => format.push_str(text),
            // `parse` checked that every name of the template is a path parameter of the operation.
            Piece::Param(name) => {
                if let Some(param) =
                    op.params.iter().find(|param| param.location == ParamLocation::Path && &param.wire_name == name)
                {
                    let local = format_ident!("{}", param.rust_name);
                    let expr = param_expr(param, scope);
                    format.push_str(&format!("{{{}}}", param.rust_name));
                    // An integer writes only digits and `-`, which a segment keeps as they are: formatted in
                    // place, without the text and escape pass of `path_segment` (this runs on every call).
                    segments.push(match param.ty {
                        Type::Int => quote!(let #local = #expr;),
                        _ => quote!(let #local = path_segment(&#expr);),
                    });
                }
            }
        }
    }
    let path = if segments.is_empty() { quote!(#format.to_owned()) } else { quote!(format!(#format)) };
    let window = op.window.as_ref();
    let queries: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(|param| {
            let wire = &param.wire_name;
            let ident = format_ident!("{}", param.rust_name);
            let windowed = window.is_some_and(|w| w.start_param == param.rust_name || w.end_param == param.rust_name);
            let source = if windowed { quote!(#ident) } else { param_expr(param, scope) };
            let add = |value: TokenStream| -> TokenStream {
                match &param.ty {
                    Type::Enum(_) => quote!(request = request.query(#wire, #value.as_str());),
                    Type::List(item) if matches!(**item, Type::Enum(_)) => {
                        if param.explode {
                            quote!(for item in #value { request = request.query(#wire, item.as_str()); })
                        } else {
                            quote! {
                                let values: Vec<&str> = #value.iter().map(|item| item.as_str()).collect();
                                request = request.query(#wire, &values);
                            }
                        }
                    }
                    Type::List(_) if param.explode => {
                        quote!(for item in #value { request = request.query(#wire, item); })
                    }
                    _ => quote!(request = request.query(#wire, #value);),
                }
            };
            if param.required && !windowed {
                add(quote!(&#source))
            } else {
                let body = add(quote!(value));
                quote!(if let Some(value) = &#source { #body })
            }
        })
        .collect();
    let retry = (!op.method.is_idempotent()).then(|| quote!(.retry_on_failure(self.retry_on_failure)));
    let new_request = quote!(Request::new(&#op_static, path) #retry .options(self.options.clone()));
    // The last expression: the request itself, or the request with its JSON body (which can fail).
    let (start, finish) = match (queries.is_empty(), op.body.is_some()) {
        (true, false) => (quote!(), new_request),
        (true, true) => (quote!(), quote!(#new_request.json(&self.body))),
        (false, false) => (quote!(let mut request = #new_request;), quote!(request)),
        (false, true) => (quote!(let mut request = #new_request;), quote!(request.json(&self.body))),
    };
    let body = quote! {
        #(#segments)*
        let path = #path;
        #start
        #(#queries)*
        #finish
    };
    match (window, op.body.is_some()) {
        (Some(window), _) => {
            let start = format_ident!("{}", window.start_param);
            let end = format_ident!("{}", window.end_param);
            quote! {
                #[inline]
                fn request(&self, #start: Option<NaiveDate>, #end: Option<NaiveDate>) -> Request {
                    #body
                }
            }
        }
        (None, true) => quote! {
            #[inline]
            fn request(&self) -> Result<Request, Error> {
                #body
            }
        },
        (None, false) => quote! {
            #[inline]
            fn request(&self) -> Request {
                #body
            }
        },
    }
}

fn http_expr(scope: Scope) -> TokenStream {
    match scope {
        Scope::Archive => quote!(self.archive.http),
        Scope::Client => quote!(self.http),
    }
}

fn send_fns(op: &Operation, scope: Scope) -> TokenStream {
    let http = http_expr(scope);
    let request = if op.body.is_some() { quote!(self.request()?) } else { quote!(self.request()) };
    let with_response_doc = " Sends the request and returns, with what `send` returns, the answer's status, headers and \
                             body bytes.";
    match &op.response {
        Response::Empty => quote! {
            /// Sends the request; succeeds when the API accepts it.
            pub async fn send(self) -> Result<(), Error> {
                #http.send_empty(#request).await
            }

            #[doc = #with_response_doc]
            pub async fn send_with_response(self) -> Result<Response<()>, Error> {
                #http.send_bytes_with_response(#request).await.map(|response| response.map(drop))
            }
        },
        Response::Bytes { .. } => quote! {
            /// Sends the request and reads the whole file into memory.
            pub async fn send(self) -> Result<Bytes, Error> {
                #http.send_bytes(#request).await
            }

            #[doc = #with_response_doc]
            pub async fn send_with_response(self) -> Result<Response<Bytes>, Error> {
                #http.send_bytes_with_response(#request).await
            }

            /// Sends the request and returns the file as a stream of chunks, for files too large to hold.
            pub async fn send_stream(self) -> Result<ByteStream, Error> {
                #http.send_stream(#request).await
            }
        },
        Response::Json { envelope, ty } => {
            let item = rust(ty);
            let (value, wire, unwrap) = match envelope {
                Envelope::Bare => (item.clone(), item.clone(), None),
                Envelope::Data => {
                    (item.clone(), quote!(envelope::Data<#item>), Some(quote!(envelope::Data::into_inner)))
                }
                Envelope::List => {
                    (quote!(Vec<#item>), quote!(envelope::List<#item>), Some(quote!(envelope::List::into_inner)))
                }
                Envelope::Page => (quote!(Page<#item>), quote!(Page<#item>), None),
            };
            if let (Envelope::List, Some(window)) = (envelope, &op.window) {
                return windowed_send(window, &item, scope);
            }
            let send_doc = match envelope {
                Envelope::Bare => " Sends the request and decodes the answer.",
                Envelope::Data => " Sends the request and returns the `data` of the answer.",
                Envelope::List => " Sends the request and returns the items of the answer.",
                Envelope::Page => " Sends the request and returns one page, with the total count.",
            };
            let (send, with_response) = match unwrap {
                Some(unwrap) => (
                    quote!(#http.send_json::<#wire>(#request).await.map(#unwrap)),
                    quote!(#http.send_json_with_response::<#wire>(#request).await.map(|response| response.map(#unwrap))),
                ),
                None => (
                    quote!(#http.send_json::<#wire>(#request).await),
                    quote!(#http.send_json_with_response::<#wire>(#request).await),
                ),
            };
            let stream = op.pagination.as_ref().filter(|_| *envelope == Envelope::Page).map(|_| {
                quote! {
                    /// Every item of every page, fetched one page at a time as the stream is read.
                    ///
                    /// Follows the answer's `links.next` (on the API's own host only), or else the offset, until
                    /// the results run out. The request's options apply to every page.
                    pub fn stream(self) -> impl Stream<Item = Result<#item, Error>> + Send + 'static {
                        paginate::stream(#http.clone(), #request)
                    }
                }
            });
            quote! {
                #[doc = #send_doc]
                pub async fn send(self) -> Result<#value, Error> {
                    #send
                }

                #[doc = #with_response_doc]
                pub async fn send_with_response(self) -> Result<Response<#value>, Error> {
                    #with_response
                }

                #stream
            }
        }
    }
}

fn windowed_send(window: &DateWindow, item: &TokenStream, scope: Scope) -> TokenStream {
    let http = http_expr(scope);
    let start = format_ident!("{}", window.start_param);
    let end = format_ident!("{}", window.end_param);
    let max_days = proc_macro2::Literal::u32_unsuffixed(window.max_days);
    let key = match &window.dedupe_by {
        Some(field) => {
            let field = format_ident!("{}", field);
            quote!(|item: &#item| item.#field)
        }
        None => quote!(|_: &#item| None),
    };
    let stream_doc = doc(&[Part::Ours(&format!(
        "Every item in the date range, however long: the API accepts at most {} days at a time, so the range is \
         split into windows of {} days, fetched one after the other. Each item is yielded once.",
        window.max_days, window.max_days
    ))]);
    quote! {
        #stream_doc
        pub fn stream(self) -> impl Stream<Item = Result<#item, Error>> + Send + 'static {
            let http = #http.clone();
            let (start, end) = (self.#start, self.#end);
            windows::stream::<envelope::List<#item>, _, _>(
                http,
                start,
                end,
                #max_days,
                move |#start, #end| self.request(#start, #end),
                #key,
            )
        }

        /// Sends the request — one per window of the date range — and returns every item.
        pub async fn send(self) -> Result<Vec<#item>, Error> {
            self.stream().try_collect().await
        }
    }
}
