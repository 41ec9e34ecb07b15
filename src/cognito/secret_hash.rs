//! Cognito's `SECRET_HASH`: how a client proves it holds the app client
//! secret without sending it.
//!
//! "Add a SECRET_HASH parameter if your app client has a client secret"
//! (Cognito API reference, `InitiateAuth`). Its value is
//! `Base64(HMAC_SHA256(key = client_secret, message = username + client_id))`
//! (AWS Knowledge Center, *Resolve "Unable to verify secret hash for client"*).
//! The username is the one sent in `USERNAME`, exactly as typed.

use aws_lc_rs::hmac;
use base64::{Engine, engine::general_purpose::STANDARD};

/// The `SECRET_HASH` a client sends for `username` on app client `client_id`.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    STANDARD.encode(mac(client_secret, username, client_id).as_ref())
}

/// Whether `candidate` is the right `SECRET_HASH`, compared in constant time.
pub fn verify_secret_hash(
    client_secret: &str,
    username: &str,
    client_id: &str,
    candidate: &str,
) -> bool {
    let Ok(candidate) = STANDARD.decode(candidate) else {
        return false;
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, client_secret.as_bytes());
    let message = [username.as_bytes(), client_id.as_bytes()].concat();
    hmac::verify(&key, &message, &candidate).is_ok()
}

fn mac(client_secret: &str, username: &str, client_id: &str) -> hmac::Tag {
    let key = hmac::Key::new(hmac::HMAC_SHA256, client_secret.as_bytes());
    let mut context = hmac::Context::with_key(&key);
    context.update(username.as_bytes());
    context.update(client_id.as_bytes());
    context.sign()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_python_recipe() {
        // base64.b64encode(hmac.new(b"secret", b"alice" + b"client", hashlib.sha256).digest())
        assert_eq!(
            secret_hash("secret", "alice", "client"),
            "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0="
        );
    }

    #[test]
    fn verifies_right_and_rejects_wrong() {
        let hash = secret_hash("s3cret", "alice", "client-id");
        assert!(verify_secret_hash("s3cret", "alice", "client-id", &hash));
        assert!(!verify_secret_hash("other", "alice", "client-id", &hash));
        assert!(!verify_secret_hash("s3cret", "bob", "client-id", &hash));
        assert!(!verify_secret_hash(
            "s3cret",
            "alice",
            "client-id",
            "not base64!"
        ));
        assert!(!verify_secret_hash("s3cret", "alice", "client-id", ""));
    }
}
