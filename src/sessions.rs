//! [`Sessions`]: the sessions a run keeps with a stateful target, so that
//! its cases are asked the way a client of that server asks.
//!
//! A stateful server (one that issues `Mcp-Session-Id` on `initialize` and
//! refuses requests without it, as discovery found) serves a request only
//! within a session: after `initialize` and `notifications/initialized`,
//! with the id it issued (spec 2025-03-26 on, basic/transports, "Session
//! Management"; basic/lifecycle). So a case of such a target is sent within
//! a session of its version, opened on first need and shared by the cases
//! of that version. Cases about the session itself are sent as planned:
//! `initialize` opens its own, `DELETE` would end the shared one, and a
//! request that already names a session id (a header variant) keeps it.
//!
//! Two cases exist for stateful targets only:
//! [`Method::SessionWithoutId`] is sent without an id while the version's
//! session is open, and [`Method::SessionAfterDelete`] opens a session of
//! its own, ends it with `DELETE` and asks within it again; when the server
//! (or a platform in front of it) refuses the `DELETE`, that refusal is the
//! case's answer.
//!
//! Within its session a case's stream is read as it arrives, and the
//! requests the server sends on it are answered in the session
//! ([`crate::server_requests`]). A request sent outside the shared session
//! (the server issued no id, the case names a session of its own, or it
//! follows a `DELETE`) is not answered that way: there is no session its
//! answer could be posted to.
//!
//! "When a client receives HTTP 404 in response to a request containing an
//! `Mcp-Session-Id`, it MUST start a new session" (same clause): a session
//! that ended (an idle timeout, a platform that replaced the server) is
//! opened again and the request sent once more. Sessions end with `DELETE`
//! once the run is over, as clients SHOULD.

use std::{collections::HashMap, sync::Arc};

use http::{HeaderName, HeaderValue, Method as HttpMethod};
use serde_json::json;
use tokio::sync::Mutex;

use crate::{
    case::{Case, CaseVersion, Method},
    client::{Exchange, HttpRequest, SendError},
    message,
    protocol::{self, ProtocolVersion},
    server_requests,
    target::Target,
};

/// The sessions of one run with one target.
pub struct Sessions<'a> {
    target: &'a Target,
    /// The open session of each version, if one could be opened.
    open: Mutex<HashMap<ProtocolVersion, Arc<Mutex<Option<HeaderValue>>>>>,
}

fn session_header() -> HeaderName {
    HeaderName::from_static(protocol::header::SESSION_ID)
}

impl<'a> Sessions<'a> {
    pub fn new(target: &'a Target) -> Self {
        Self {
            target,
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The version whose session `case` is sent within, if any.
    fn version_of(case: &Case, request: &HttpRequest) -> Option<ProtocolVersion> {
        let CaseVersion::Known(version) = case.version else {
            return None;
        };
        let names_a_session = request
            .headers
            .iter()
            .any(|(name, _)| *name == session_header());
        let own_session = case.method.is_initialize()
            || case.method == Method::Delete
            || case.method.is_about_sessions();
        (version.has_initialize() && !names_a_session && !own_session).then_some(version)
    }

    /// Sends `request`, the request of `case`, within the session of the
    /// case's version when it needs one.
    pub async fn send(&self, case: &Case, request: HttpRequest) -> Result<Exchange, SendError> {
        match (case.method, case.version.known()) {
            (Method::SessionWithoutId, Some(version)) => {
                // The server has a session open, and is asked outside it.
                self.shared_session(version).await;
                return self.target.send(&request).await;
            }
            (Method::SessionAfterDelete, Some(version)) => {
                return self.after_delete(version, request).await;
            }
            _ => {}
        }
        let Some(version) = Self::version_of(case, &request) else {
            return self.target.send(&request).await;
        };
        let slot = self.slot(version).await;
        let mut reopened = false;
        loop {
            let session = {
                let mut session = slot.lock().await;
                if session.is_none() {
                    *session = self.open_session(version).await;
                }
                session.clone()
            };
            // A server that issued no id is asked without one: what it
            // answers is the case's to judge.
            let Some(id) = session else {
                return self.target.send(&request).await;
            };
            let answer = self
                .send_in_session(
                    version,
                    &request.clone().with_header(session_header(), id.clone()),
                    &id,
                )
                .await;
            let ended =
                matches!(&answer, Ok(exchange) if exchange.status == http::StatusCode::NOT_FOUND);
            if !ended || reopened {
                return answer;
            }
            // Open a new session, unless another case already did.
            let mut session = slot.lock().await;
            if session.as_ref() == Some(&id) {
                *session = None;
            }
            reopened = true;
        }
    }

    /// Sends `request` within session `id`, answering each request the
    /// server sends on the answer's stream as it arrives
    /// ([`server_requests::answer`]), in the same session.
    async fn send_in_session(
        &self,
        version: ProtocolVersion,
        request: &HttpRequest,
        id: &HeaderValue,
    ) -> Result<Exchange, SendError> {
        let (sink, mut asked) = tokio::sync::mpsc::unbounded_channel();
        let exchange = async move {
            let answer = self.target.send_answering(request, &sink).await;
            // Ends the answering below once the stream is read.
            drop(sink);
            answer
        };
        let answering = async {
            while let Some(server_request) = asked.recv().await {
                let reply =
                    message::conforming_post(version, server_requests::answer(&server_request))
                        .with_header(session_header(), id.clone());
                // What the server answers (202) is its own: whether the
                // reply arrived shows in the result of the request.
                let _ = self.target.send(&reply).await;
            }
        };
        let (answer, ()) = tokio::join!(exchange, answering);
        answer
    }

    async fn slot(&self, version: ProtocolVersion) -> Arc<Mutex<Option<HeaderValue>>> {
        Arc::clone(self.open.lock().await.entry(version).or_default())
    }

    /// The shared session of `version`, opened if it is not yet.
    async fn shared_session(&self, version: ProtocolVersion) -> Option<HeaderValue> {
        let slot = self.slot(version).await;
        let mut session = slot.lock().await;
        if session.is_none() {
            *session = self.open_session(version).await;
        }
        session.clone()
    }

    /// Opens a session of its own, ends it with `DELETE`, and sends
    /// `request` within it; the `DELETE`'s answer when it was refused (or
    /// when no session could be opened, the request as it is).
    async fn after_delete(
        &self,
        version: ProtocolVersion,
        request: HttpRequest,
    ) -> Result<Exchange, SendError> {
        let Some(id) = self.open_session(version).await else {
            return self.target.send(&request).await;
        };
        let delete = self
            .target
            .send(&delete_request(version, id.clone()))
            .await?;
        if !delete.status.is_success() {
            return Ok(delete);
        }
        self.target
            .send(&request.with_header(session_header(), id))
            .await
    }

    /// `initialize` and `notifications/initialized`; the id the server
    /// issued, if it did.
    async fn open_session(&self, version: ProtocolVersion) -> Option<HeaderValue> {
        // Declaring what the suite answers lets the server ask it
        // (elicitation, sampling) within the session.
        let initialize = message::initialize_declaring(
            json!(format!("session/{version}")),
            version.as_str(),
            server_requests::client_capabilities(version),
        );
        let answer = self
            .target
            .send(&message::conforming_post(version, initialize))
            .await
            .ok()?;
        let id = answer.headers.get(protocol::header::SESSION_ID)?.clone();
        let initialized = message::conforming_post(version, message::initialized())
            .with_header(session_header(), id.clone());
        // Its answer (202) changes nothing: the cases show what the session serves.
        let _ = self.target.send(&initialized).await;
        Some(id)
    }

    /// Ends every session opened (spec: clients SHOULD send `DELETE`).
    pub async fn end(self) {
        for (version, slot) in self.open.into_inner() {
            let Some(id) = slot.lock().await.take() else {
                continue;
            };
            let _ = self.target.send(&delete_request(version, id)).await;
        }
    }
}

/// `DELETE` of session `id` (spec 2025-03-26 on, basic/transports,
/// "Session Management").
fn delete_request(version: ProtocolVersion, id: HeaderValue) -> HttpRequest {
    message::with_protocol_version(HttpRequest::new(HttpMethod::DELETE), version.as_str())
        .with_header(session_header(), id)
}
