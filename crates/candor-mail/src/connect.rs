//! Reaching an IMAP server and signing in: TLS from the first byte (rustls,
//! the Mozilla roots) or, to this machine only, an unencrypted connection.

use crate::{Credential, Error, Result, within};
use async_imap::{Authenticator, Client, Session};
use candor_core::store::{MailAccount, Security};
use std::fmt::Debug;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, pki_types::ServerName};

/// A connection, secured or not.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}

/// A signed-in IMAP session.
pub(crate) type Imap = Session<Box<dyn Io>>;

/// Connects to the account's server and signs in.
pub(crate) async fn open(account: &MailAccount, credential: &Credential) -> Result<Imap> {
    let place = format!("{}:{}", account.host, account.port);
    if let Some(problem) = account.problem() {
        return Err(Error::Settings(problem));
    }
    let tcp = within(
        "connecting",
        TcpStream::connect((account.host.as_str(), account.port)),
    )
    .await?
    .map_err(|e| Error::Connect {
        place: place.clone(),
        reason: e.to_string(),
    })?;
    let stream: Box<dyn Io> = match account.security {
        Security::Plain => Box::new(tcp),
        Security::Tls => {
            let name = ServerName::try_from(account.host.clone()).map_err(|e| Error::Connect {
                place: place.clone(),
                reason: format!("\"{}\" is not a server name: {e}", account.host),
            })?;
            let tls = within("the TLS handshake", tls().connect(name, tcp))
                .await?
                .map_err(|e| Error::Connect {
                    place: place.clone(),
                    reason: format!("TLS: {e}"),
                })?;
            Box::new(tls)
        }
    };
    let mut client = Client::new(stream);
    let greeting = within("the server's greeting", client.read_response())
        .await?
        .map_err(|e| Error::Connect {
            place: place.clone(),
            reason: e.to_string(),
        })?;
    if greeting.is_none() {
        return Err(Error::Connect {
            place,
            reason: "the server closed the connection before greeting".into(),
        });
    }
    let signed = match credential {
        Credential::Password(password) => {
            within("signing in", client.login(&account.user, password)).await?
        }
        Credential::Bearer(token) => {
            let xoauth2 = XOauth2 {
                user: account.user.clone(),
                token: token.clone(),
            };
            within("signing in", client.authenticate("XOAUTH2", xoauth2)).await?
        }
    };
    signed.map_err(|(e, _)| Error::SignIn {
        user: account.user.clone(),
        place,
        reason: e.to_string(),
    })
}

// ring has no post-quantum key exchange (hence the deprecation); aws-lc-rs,
// which has, needs cmake and a C toolchain's assembler to build. Classical
// X25519 is what mail servers negotiate today.
#[allow(deprecated)]
fn tls() -> TlsConnector {
    let roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

/// SASL XOAUTH2: the user and an OAuth 2 access token.
struct XOauth2 {
    user: String,
    token: String,
}

impl Authenticator for XOauth2 {
    type Response = String;

    /// The first (empty) challenge gets the token; a refusal's JSON gets an
    /// empty answer, after which the server says why it refused.
    fn process(&mut self, challenge: &[u8]) -> String {
        if challenge.is_empty() {
            format!("user={}\x01auth=Bearer {}\x01\x01", self.user, self.token)
        } else {
            String::new()
        }
    }
}
