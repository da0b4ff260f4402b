//! The client's only door to the server: GraphQL over `fetch`, the stored login, and the
//! subscription socket. Pages call [`query`] and get typed data or an [`ApiError`] with a French message.

pub mod json;
pub mod live;
pub mod model;

use json::Decode;
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::ErrorCode;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const TOKEN_KEY: &str = "magistra.jeton";

/// An error as a person should read it: the stable code and a French sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub(crate) fn from_code(code: ErrorCode) -> Self {
        Self { code, message: code.message_fr().to_owned() }
    }

    /// Input the page itself refuses before sending, with what to correct.
    pub fn invalid(message: &str) -> Self {
        Self { code: ErrorCode::Validation, message: message.to_owned() }
    }

    pub(crate) fn network() -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.".to_owned(),
        }
    }
}

/// Reads a GraphQL error: validation and rate-limit messages come from the server in French (what to
/// correct, how long to wait); other codes use the client's own sentence, so nothing internal ever
/// reaches the screen.
fn api_error(error: &Value) -> ApiError {
    let extensions = error.get("extensions");
    let code = extensions
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .and_then(ErrorCode::parse)
        .unwrap_or(ErrorCode::Internal);
    let server_message = error.get("message").and_then(Value::as_str).unwrap_or_default();
    let message = match code {
        // The server writes these for people, in French, saying what to do.
        ErrorCode::Validation
        | ErrorCode::RateLimited
        | ErrorCode::Conflict
        | ErrorCode::InvalidTransition
        | ErrorCode::BudgetExceeded
            if !server_message.is_empty() =>
        {
            crate::format::capital(server_message)
        }
        _ => code.message_fr().to_owned(),
    };
    ApiError { code, message }
}

/// The stored login token, if any.
pub fn stored_token() -> Option<String> {
    local_storage()?.get_item(TOKEN_KEY).ok().flatten().filter(|t| !t.is_empty())
}

pub fn store_token(token: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = match token {
            Some(token) => storage.set_item(TOKEN_KEY, token),
            None => storage.remove_item(TOKEN_KEY),
        };
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Sends the operation `head` (« query($s: ID!) ») with `T`'s selection and decodes `data` into `T`.
/// An `UNAUTHENTICATED` answer forgets the login and sends the person to the login page,
/// remembering where they were.
pub async fn query<T: Decode>(head: &str, variables: Value) -> Result<T, ApiError> {
    decode(send(&json::document::<T>(head), variables).await)
}

fn decode<T: Decode>(answer: Result<Value, ApiError>) -> Result<T, ApiError> {
    answer.and_then(|data| T::decode(Some(&data)).ok_or_else(|| ApiError::from_code(ErrorCode::Internal)))
}

/// Sends a whole written document (a change whose answer the page does not read) and returns its
/// `data`; also [`query`] before decoding: one non-generic future for every operation keeps the
/// WebAssembly small.
pub async fn send(document: &str, variables: Value) -> Result<Value, ApiError> {
    let body = json!({ "query": document, "variables": variables }).to_string();
    let text = post("/graphql", &body).await?;
    let response = json::parse(&text).ok_or_else(ApiError::network)?;
    if let Some(error) = response.get("errors").and_then(Value::as_array).and_then(|errors| errors.first()) {
        let error = api_error(error);
        if error.code == ErrorCode::Unauthenticated && stored_token().is_some() {
            crate::session::expired();
        }
        return Err(error);
    }
    Ok(response.get("data").cloned().unwrap_or(Value::Null))
}

/// Fetches `path` with the login token: a GET, or a POST of a body (a JSON text, a file) of the
/// given media type.
pub(crate) async fn fetch(
    path: &str,
    body: Option<(&wasm_bindgen::JsValue, &str)>,
) -> Result<web_sys::Response, ApiError> {
    let window = web_sys::window().ok_or_else(ApiError::network)?;
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().map_err(|_| ApiError::network())?;
    if let Some((body, media_type)) = body {
        init.set_method("POST");
        init.set_body(body);
        let _ = headers.set("Content-Type", media_type);
    }
    if let Some(token) = stored_token() {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::network())?;
    let response = JsFuture::from(window.fetch_with_request(&request)).await.map_err(|_| ApiError::network())?;
    response.dyn_into().map_err(|_| ApiError::network())
}

/// The answer's text. A 429 carries the server's own GraphQL error (with how long to wait); one
/// from elsewhere on the way, without it, reads as the generic « trop de demandes ».
async fn post(path: &str, body: &str) -> Result<String, ApiError> {
    let response = fetch(path, Some((&wasm_bindgen::JsValue::from_str(body), "application/json"))).await?;
    let limited = response.status() == 429;
    let text =
        JsFuture::from(response.text().map_err(|_| ApiError::network())?).await.map_err(|_| ApiError::network())?;
    match text.as_string() {
        Some(text) if limited && !text.contains("\"errors\"") => Err(ApiError::from_code(ErrorCode::RateLimited)),
        text => text.ok_or_else(ApiError::network),
    }
}

/// Downloads an export (`/export/…`) with the login token and hands it to the browser as a file.
pub async fn download(path: &str, file_name: &str) -> Result<(), ApiError> {
    let window = web_sys::window().ok_or_else(ApiError::network)?;
    let response = fetch(path, None).await?;
    match response.status() {
        200 => {}
        401 => return Err(ApiError::from_code(ErrorCode::Unauthenticated)),
        403 => return Err(ApiError::from_code(ErrorCode::Forbidden)),
        404 => return Err(ApiError::from_code(ErrorCode::NotFound)),
        // Not yet possible (an attestation before the attendance is recorded): the server says why.
        409 => {
            let said = JsFuture::from(response.text().map_err(|_| ApiError::network())?).await.ok();
            let message = said.and_then(|text| text.as_string()).filter(|text| !text.is_empty());
            return Err(ApiError {
                code: ErrorCode::InvalidTransition,
                message: message.unwrap_or_else(|| ErrorCode::InvalidTransition.message_fr().to_owned()),
            });
        }
        _ => return Err(ApiError::network()),
    }
    let blob =
        JsFuture::from(response.blob().map_err(|_| ApiError::network())?).await.map_err(|_| ApiError::network())?;
    let blob: web_sys::Blob = blob.dyn_into().map_err(|_| ApiError::network())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::network())?;
    let document = window.document().ok_or_else(ApiError::network)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| ApiError::network())?.dyn_into().map_err(|_| ApiError::network())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Data loaded by a page, decoded into `T` when read. Every resource shares one loader underneath,
/// so each new page adds its views but not another copy of the loading machinery.
pub struct Resource<T> {
    inner: LocalResource<Result<Value, ApiError>>,
    marker: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

impl<T: Decode> Resource<T> {
    /// `None` while loading, then the data or the error; tracked, so views follow it.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.inner.get().map(decode)
    }
}

impl<T> Resource<T> {
    /// Loads again (« Réessayer »).
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

/// Bumped after every change the person makes: every resource on the screen reads its data again,
/// so no page has to know which others a change touches.
#[derive(Clone, Copy)]
pub struct Freshness(RwSignal<u32>);

/// Makes [`Freshness`] available to every page; called once by the app.
pub fn provide_freshness() {
    provide_context(Freshness(RwSignal::new(0)));
}

impl Freshness {
    /// The app's freshness, or a detached one outside it.
    pub fn current() -> Self {
        use_context::<Freshness>().unwrap_or_else(|| Freshness(RwSignal::new(0)))
    }

    /// Says that data changed: every resource loads again.
    pub fn changed(&self) {
        self.0.update(|n| *n += 1);
    }
}

/// A resource that loads the operation `head` with `T`'s selection and the variables `variables()`
/// gives, again whenever they change.
pub fn resource<T, V>(head: &str, variables: V) -> Resource<T>
where
    T: Decode + 'static,
    V: Fn() -> Value + 'static,
{
    Resource { inner: load(json::document::<T>(head).into(), Box::new(variables)), marker: std::marker::PhantomData }
}

fn load(document: std::rc::Rc<str>, variables: Box<dyn Fn() -> Value>) -> LocalResource<Result<Value, ApiError>> {
    let freshness = Freshness::current();
    LocalResource::new(move || {
        freshness.0.track();
        let (document, variables) = (document.clone(), variables());
        async move { send(&document, variables).await }
    })
}
