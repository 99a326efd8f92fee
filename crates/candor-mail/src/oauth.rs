//! OAuth 2 sign-in for mail accounts (Microsoft 365): the authorization code
//! with PKCE (S256) in the user's browser, which comes back to a one-request
//! server on `http://127.0.0.1:PORT/`; then the refresh grant whenever an
//! access token is needed. The oauth2 crate brings no HTTP client here: its
//! requests go through ureq, the client already in the tree.

use crate::{Error, Result};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use candor_core::store::OAuthSettings;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::url::{Host, Url};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, HttpRequest, HttpResponse, PkceCodeChallenge, RedirectUrl, RefreshToken,
    RequestTokenError, Scope, StandardRevocableToken, StandardTokenResponse, SyncHttpClient,
    TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// How long the browser's sign-in may take before it is given up.
pub const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// How long one exchange with the token endpoint may take.
const TOKEN_PATIENCE: Duration = Duration::from_secs(30);

/// The most a token endpoint's answer may weigh.
const ANSWER_LIMIT: u64 = 1 << 20;

/// What a token endpoint gave. Its `Debug` shows no token.
pub struct Tokens {
    /// The access token `XOAUTH2` presents (short-lived).
    pub access_token: String,
    /// A refresh token, when the endpoint gave one (it may give a new one at
    /// every refresh: keep the newest).
    pub refresh_token: Option<String>,
    /// How long the access token lasts, when the endpoint said.
    pub expires_in: Option<Duration>,
    /// The address signed in as, from the ID token, when one was asked for.
    pub user: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "…"))
            .field("expires_in", &self.expires_in)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The token answer's one field beyond the standard ones: OpenID Connect's ID
/// token, asked for only to learn the address signed in as.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl ExtraTokenFields for IdToken {}

type Answer = StandardTokenResponse<IdToken, BasicTokenType>;

type OAuthClient<HasAuthUrl> = Client<
    BasicErrorResponse,
    Answer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    HasAuthUrl,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Signs in in the browser: `open` is given the address to show the user
/// (the CLI prints it and tries to open a browser); the browser comes back
/// to 127.0.0.1 within `wait` with a code, which is exchanged for tokens.
/// With no `user`, the sign-in also asks for the address signed in as
/// (OpenID Connect), and `Tokens::user` has it.
pub fn sign_in(
    settings: &OAuthSettings,
    user: Option<&str>,
    wait: Duration,
    open: &mut dyn FnMut(&str),
) -> Result<Tokens> {
    let authorize = endpoint("authorization", &settings.authorize_url)?;
    let token_url = endpoint("token", &settings.token_url)?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| Error::OAuth(format!("cannot listen on 127.0.0.1 for the browser: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::OAuth(format!("cannot listen on 127.0.0.1 for the browser: {e}")))?
        .port();
    let redirect = RedirectUrl::new(format!("http://127.0.0.1:{port}/"))
        .map_err(|e| Error::OAuth(format!("the redirect address: {e}")))?;
    let client = client(settings, &token_url)?
        .set_auth_uri(AuthUrl::from_url(authorize))
        .set_redirect_uri(redirect);

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes(settings))
        .set_pkce_challenge(challenge);
    match user {
        Some(user) => request = request.add_extra_param("login_hint", user),
        None => {
            request =
                request.add_scopes(["openid", "email", "profile"].map(|s| Scope::new(s.into())))
        }
    }
    let (address, state) = request.url();
    open(address.as_str());

    let code = wait_for_code(&listener, &state, wait)?;
    drop(listener);
    let answer = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request(&Http::new())
        .map_err(|e| refused(&token_url, e))?;
    tokens(answer)
}

/// A new access token for the refresh token (the refresh grant, asking for
/// the account's scopes); the answer may carry a new refresh token.
pub fn refresh(settings: &OAuthSettings, refresh_token: &str) -> Result<Tokens> {
    let token_url = endpoint("token", &settings.token_url)?;
    let answer = client(settings, &token_url)?
        .exchange_refresh_token(&RefreshToken::new(refresh_token.to_owned()))
        .add_scopes(scopes(settings))
        .request(&Http::new())
        .map_err(|e| refused(&token_url, e))?;
    tokens(answer)
}

fn client(settings: &OAuthSettings, token_url: &Url) -> Result<OAuthClient<EndpointNotSet>> {
    if settings.client_id.trim().is_empty() {
        return Err(Error::Settings(
            "OAuth 2 sign-in needs the application (client) id".into(),
        ));
    }
    Ok(
        Client::new(ClientId::new(settings.client_id.trim().to_owned()))
            .set_token_uri(TokenUrl::from_url(token_url.clone())),
    )
}

fn scopes(settings: &OAuthSettings) -> Vec<Scope> {
    settings
        .scope
        .split_whitespace()
        .map(|s| Scope::new(s.to_owned()))
        .collect()
}

/// The address of an endpoint: https, or http to this machine only (tests).
fn endpoint(what: &str, address: &str) -> Result<Url> {
    let url = Url::parse(address.trim())
        .map_err(|e| Error::Settings(format!("the {what} address \"{address}\": {e}")))?;
    let local = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if local => Ok(url),
        _ => Err(Error::Settings(format!(
            "the {what} address must be https (plain http only to this machine): \"{address}\""
        ))),
    }
}

fn tokens(answer: Answer) -> Result<Tokens> {
    let user = answer
        .extra_fields()
        .id_token
        .as_deref()
        .and_then(signed_in_as);
    Ok(Tokens {
        access_token: answer.access_token().secret().clone(),
        refresh_token: answer.refresh_token().map(|t| t.secret().clone()),
        expires_in: answer.expires_in(),
        user,
    })
}

/// The address in an ID token's claims (`email`, else `preferred_username`).
/// The token came straight from the token endpoint, over TLS, in answer to
/// this sign-in's code: it is read, not verified (OpenID Connect Core 3.1.3.7).
fn signed_in_as(id_token: &str) -> Option<String> {
    let engine = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let claims = engine.decode(id_token.split('.').nth(1)?).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&claims).ok()?;
    ["email", "preferred_username"]
        .iter()
        .filter_map(|c| claims[c].as_str())
        .map(str::trim)
        .find(|a| a.contains('@'))
        .map(str::to_owned)
}

fn refused(url: &Url, e: RequestTokenError<ureq::Error, BasicErrorResponse>) -> Error {
    let url = url.to_string();
    match e {
        RequestTokenError::ServerResponse(answer) => Error::TokenRefused {
            url,
            reason: answer.to_string(),
        },
        RequestTokenError::Request(e) => Error::TokenUnreachable {
            url,
            reason: e.to_string(),
        },
        RequestTokenError::Parse(e, _) => Error::OAuth(format!(
            "the token endpoint {url} answered with something that is not a token ({e})"
        )),
        RequestTokenError::Other(reason) => Error::OAuth(format!(
            "the token endpoint {url} answered unexpectedly: {reason}"
        )),
    }
}

/// oauth2's requests sent with ureq: no redirects followed (a token endpoint
/// never redirects), answers of any status returned as they are (an error's
/// JSON is in its body), a bounded wait and size.
struct Http(ureq::Agent);

impl Http {
    fn new() -> Http {
        Http(
            ureq::Agent::config_builder()
                .timeout_global(Some(TOKEN_PATIENCE))
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into(),
        )
    }
}

impl SyncHttpClient for Http {
    type Error = ureq::Error;

    fn call(&self, request: HttpRequest) -> Result<HttpResponse, ureq::Error> {
        let (parts, body) = self.0.run(request)?.into_parts();
        let body = body.into_with_config().limit(ANSWER_LIMIT).read_to_vec()?;
        Ok(HttpResponse::from_parts(parts, body))
    }
}

/// Waits up to `wait` for the browser to come back with this sign-in's
/// answer: one request to `/` carrying `state`, and a code or an error.
/// Other requests (a page's icon, a speculative connection) are answered and
/// passed over; an answer with another state ends the sign-in, refused.
fn wait_for_code(listener: &TcpListener, state: &CsrfToken, wait: Duration) -> Result<String> {
    let trouble = |e: std::io::Error| Error::OAuth(format!("listening for the browser: {e}"));
    listener.set_nonblocking(true).map_err(trouble)?;
    let deadline = Instant::now() + wait;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(answer) = answer(stream, state.secret()) {
                    return answer;
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {
                if Instant::now() >= deadline {
                    return Err(Error::OAuth(format!(
                        "the browser did not come back from the sign-in within {} s",
                        wait.as_secs()
                    )));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => return Err(trouble(e)),
        }
    }
}

const SIGNED_IN: &str = "<!doctype html><meta charset=utf-8><title>Candor</title>\
<p>Signed in. You can close this window and return to Candor.</p>";
const NOT_SIGNED_IN: &str = "<!doctype html><meta charset=utf-8><title>Candor</title>\
<p>Candor was not signed in; it says why. You can close this window.</p>";

/// Reads one request and answers it; `None` when it was not the sign-in's
/// answer (nothing to do with it), else the code or why there is none.
fn answer(mut stream: TcpStream, state: &str) -> Option<Result<String>> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let target = request_target(&mut stream)?;
    let url = Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let param = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if url.path() != "/" || (param("code").is_none() && param("error").is_none()) {
        reply(&mut stream, "404 Not Found", NOT_SIGNED_IN);
        return None;
    }
    if param("state") != Some(state) {
        reply(&mut stream, "400 Bad Request", NOT_SIGNED_IN);
        return Some(Err(Error::OAuth(
            "the browser came back with an answer that is not this sign-in's (its state differs): \
             refused; sign in again"
                .into(),
        )));
    }
    if let Some(error) = param("error") {
        reply(&mut stream, "200 OK", NOT_SIGNED_IN);
        let said = param("error_description").map_or(String::new(), |d| format!(": {d}"));
        return Some(Err(Error::OAuth(format!(
            "the sign-in was refused: {error}{said}"
        ))));
    }
    reply(&mut stream, "200 OK", SIGNED_IN);
    param("code").map(|c| Ok(c.to_owned()))
}

/// The target of a `GET` request (`/?code=…`), read up to its headers' end.
fn request_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let line = String::from_utf8_lossy(&head);
    let mut words = line.lines().next()?.split(' ');
    match (words.next(), words.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    }
}

fn reply(stream: &mut TcpStream, status: &str, page: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(port: u16, target: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    fn listening() -> (TcpListener, u16) {
        let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = l.local_addr().unwrap().port();
        (l, port)
    }

    #[test]
    fn the_redirect_takes_the_code_of_this_sign_in_only() {
        let (listener, port) = listening();
        let browser = std::thread::spawn(move || {
            let icon = visit(port, "/favicon.ico");
            let page = visit(port, "/?code=C1&state=S");
            (icon, page)
        });
        let code = wait_for_code(&listener, &CsrfToken::new("S".into()), SIGN_IN_WAIT);
        let (icon, page) = browser.join().unwrap();
        assert_eq!(code.unwrap(), "C1");
        assert!(icon.starts_with("HTTP/1.1 404"), "{icon}");
        assert!(page.starts_with("HTTP/1.1 200") && page.contains("close this window"));

        let (listener, port) = listening();
        let browser = std::thread::spawn(move || visit(port, "/?code=C1&state=other"));
        let refused = wait_for_code(&listener, &CsrfToken::new("S".into()), SIGN_IN_WAIT);
        assert!(browser.join().unwrap().starts_with("HTTP/1.1 400"));
        assert!(
            refused.unwrap_err().to_string().contains("state differs"),
            "a wrong state is refused"
        );

        let (listener, port) = listening();
        let browser = std::thread::spawn(move || {
            visit(
                port,
                "/?error=access_denied&error_description=The+user+said+no&state=S",
            )
        });
        let refused = wait_for_code(&listener, &CsrfToken::new("S".into()), SIGN_IN_WAIT);
        browser.join().unwrap();
        assert_eq!(
            refused.unwrap_err().to_string(),
            "signing in with OAuth 2: the sign-in was refused: access_denied: The user said no"
        );
    }

    #[test]
    fn a_sign_in_nobody_comes_back_from_ends_after_its_wait() {
        let (listener, _port) = listening();
        let started = Instant::now();
        let err = wait_for_code(
            &listener,
            &CsrfToken::new("S".into()),
            Duration::from_millis(300),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(err.to_string().contains("did not come back"), "{err}");
    }

    #[test]
    fn endpoints_are_https_or_on_this_machine() {
        assert!(
            endpoint(
                "token",
                "https://login.microsoftonline.com/common/oauth2/v2.0/token"
            )
            .is_ok()
        );
        assert!(endpoint("token", "http://127.0.0.1:8080/token").is_ok());
        assert!(endpoint("token", "http://localhost/token").is_ok());
        let err = endpoint("token", "http://login.example/token").unwrap_err();
        assert!(err.to_string().contains("must be https"), "{err}");
        assert!(endpoint("token", "not an address").is_err());
    }

    #[test]
    fn the_id_token_names_the_address_signed_in_as() {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let claims = b64.encode(r#"{"preferred_username":"lead@provider.example","name":"Lead"}"#);
        let token = format!("{}.{claims}.sig", b64.encode(r#"{"alg":"RS256"}"#));
        assert_eq!(
            signed_in_as(&token).as_deref(),
            Some("lead@provider.example")
        );
        assert_eq!(signed_in_as("garbage"), None);
    }
}
