//! RSA signing keys, generated at run time, and their public JWKs.
//!
//! Cognito signs every token with RS256 and publishes the public halves at
//! `/{poolId}/.well-known/jwks.json`. Amazon Cognito "generates two pairs of
//! RSA cryptographic keys for each user pool. One private key signs access
//! tokens, and the other signs ID tokens" (Cognito developer guide,
//! *Verifying a JSON Web Token*), so a verifier has to pick the key by the
//! header's `kid`, not take the first key in the set. The emulator does the
//! same: see [`TokenFactory`](super::TokenFactory).
//!
//! No private key is ever committed: each [`SigningKey`] is generated fresh
//! with aws-lc-rs and lives only in memory.

use std::fmt;

use anyhow::{Context, Result, bail};
use aws_lc_rs::{
    encoding::AsDer,
    rsa::{KeyPair, KeySize},
    signature::KeyPair as _,
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey,
    jwk::{
        AlgorithmParameters, CommonParameters, Jwk, KeyAlgorithm, PublicKeyUse, RSAKeyParameters,
        RSAKeyType,
    },
};
use sha2::{Digest, Sha256};

/// An RSA 2048 key pair for RS256, with the identifiers a JWKS needs.
///
/// `Debug` shows the `kid` only; the private key never appears in output.
pub struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    jwk: Jwk,
    public_der: Vec<u8>,
    public_pem: String,
}

impl SigningKey {
    /// Generates a new RSA 2048 key pair.
    ///
    /// The `kid` is the standard base64 SHA-256 of the public key's
    /// SubjectPublicKeyInfo: 44 characters ending in `=`, the shape Cognito's
    /// key ids have.
    pub fn generate() -> Result<Self> {
        let pair = KeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| anyhow::anyhow!("aws-lc-rs could not generate an RSA 2048 key pair"))?;

        // jsonwebtoken's aws-lc backend reads a PKCS#1 `RSAPrivateKey`, while
        // aws-lc-rs exports PKCS#8 only: unwrap the one from the other.
        let pkcs8 = pair
            .as_der()
            .map_err(|_| anyhow::anyhow!("aws-lc-rs could not export the RSA key as PKCS#8"))?;
        let pkcs1 = pkcs1_from_pkcs8(pkcs8.as_ref())
            .context("unwrapping the generated PKCS#8 key to PKCS#1")?;
        KeyPair::from_der(pkcs1).map_err(|rejected| {
            anyhow::anyhow!("the PKCS#1 key does not parse back: {rejected}")
        })?;
        let encoding = EncodingKey::from_rsa_der(pkcs1);

        let public = pair.public_key();
        let public_der = public
            .as_der()
            .map_err(|_| anyhow::anyhow!("aws-lc-rs could not export the RSA public key"))?
            .as_ref()
            .to_vec();
        let kid = STANDARD.encode(Sha256::digest(&public_der));
        let jwk = Jwk {
            common: CommonParameters {
                public_key_use: Some(PublicKeyUse::Signature),
                key_algorithm: Some(KeyAlgorithm::RS256),
                key_id: Some(kid.clone()),
                ..CommonParameters::default()
            },
            algorithm: AlgorithmParameters::RSA(RSAKeyParameters {
                key_type: RSAKeyType::RSA,
                n: URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
                e: URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
            }),
        };
        let public_pem = pem("PUBLIC KEY", &public_der);

        Ok(Self {
            kid,
            encoding,
            jwk,
            public_der,
            public_pem,
        })
    }

    /// The key id, as published in the JWKS and set in token headers.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The private key, for `jsonwebtoken::encode` with [`Algorithm::RS256`].
    pub fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }

    /// The public JWK: `kty` RSA, `kid`, `use` sig, `alg` RS256, `n`, `e`.
    pub fn public_jwk(&self) -> &Jwk {
        &self.jwk
    }

    /// The public key for `jsonwebtoken::decode`.
    pub fn decoding_key(&self) -> Result<DecodingKey> {
        DecodingKey::from_jwk(&self.jwk).context("building a decoding key from the public JWK")
    }

    /// The public key as DER `SubjectPublicKeyInfo`.
    pub fn public_key_der(&self) -> &[u8] {
        &self.public_der
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`), the form a
    /// verifier typically loads, and so the HMAC secret of the key-confusion
    /// attack ([`BadToken::Hs256WithPublicKey`](super::BadToken)).
    pub fn public_key_pem(&self) -> &str {
        &self.public_pem
    }

    /// The algorithm this key signs with: always RS256, the only one Cognito
    /// uses.
    pub fn algorithm(&self) -> Algorithm {
        Algorithm::RS256
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &"RS256")
            .field("private_key", &"<redacted>")
            .finish()
    }
}

/// PEM armour around DER, 64 characters a line (RFC 7468).
fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The PKCS#1 `RSAPrivateKey` inside a PKCS#8 v1 `PrivateKeyInfo`
/// (RFC 5208 §5):
///
/// ```text
/// PrivateKeyInfo ::= SEQUENCE {
///   version             INTEGER,
///   privateKeyAlgorithm AlgorithmIdentifier,   -- a SEQUENCE
///   privateKey          OCTET STRING,          -- the RSAPrivateKey DER
///   attributes      [0] IMPLICIT Attributes OPTIONAL }
/// ```
fn pkcs1_from_pkcs8(pkcs8: &[u8]) -> Result<&[u8]> {
    const SEQUENCE: u8 = 0x30;
    const INTEGER: u8 = 0x02;
    const OCTET_STRING: u8 = 0x04;

    let (info, _) = der_expect(pkcs8, SEQUENCE, "PrivateKeyInfo")?;
    let (_, rest) = der_expect(info, INTEGER, "version")?;
    let (_, rest) = der_expect(rest, SEQUENCE, "privateKeyAlgorithm")?;
    let (private_key, _) = der_expect(rest, OCTET_STRING, "privateKey")?;
    Ok(private_key)
}

/// Reads one DER element of the expected tag: its contents and what follows.
fn der_expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(&'a [u8], &'a [u8])> {
    let (&found, rest) = input
        .split_first()
        .with_context(|| format!("DER ended before {what}"))?;
    if found != tag {
        bail!("DER {what}: expected tag {tag:#04x}, found {found:#04x}");
    }
    let (&first, mut rest) = rest
        .split_first()
        .with_context(|| format!("DER {what}: no length"))?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            bail!("DER {what}: unsupported length encoding {first:#04x}");
        }
        let (bytes, after) = rest.split_at(count);
        rest = after;
        bytes
            .iter()
            .fold(0usize, |len, &byte| (len << 8) | usize::from(byte))
    };
    if rest.len() < len {
        bail!(
            "DER {what}: length {len} exceeds the {} bytes left",
            rest.len()
        );
    }
    Ok(rest.split_at(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_key_signs_and_its_jwk_verifies() {
        let key = SigningKey::generate().unwrap();
        let claims = serde_json::json!({ "sub": "x", "exp": u64::MAX / 2 });
        let mut header = jsonwebtoken::Header::new(Algorithm::RS256);
        header.kid = Some(key.kid().to_owned());
        let token = jsonwebtoken::encode(&header, &claims, key.encoding_key()).unwrap();

        let decoded = jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &key.decoding_key().unwrap(),
            &jsonwebtoken::Validation::new(Algorithm::RS256),
        )
        .unwrap();
        assert_eq!(decoded.claims["sub"], "x");
    }

    #[test]
    fn jwk_has_the_cognito_shape() {
        let key = SigningKey::generate().unwrap();
        let jwk = serde_json::to_value(key.public_jwk()).unwrap();
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(jwk["alg"], "RS256");
        assert_eq!(jwk["use"], "sig");
        assert_eq!(jwk["kid"], key.kid());
        assert_eq!(jwk["e"], "AQAB");
        // 2048-bit modulus: 256 bytes, 342 base64url characters unpadded.
        assert_eq!(jwk["n"].as_str().unwrap().len(), 342);
        assert_eq!(key.kid().len(), 44);
    }

    #[test]
    fn two_keys_differ() {
        let (a, b) = (
            SigningKey::generate().unwrap(),
            SigningKey::generate().unwrap(),
        );
        assert_ne!(a.kid(), b.kid());
        assert_ne!(a.public_key_der(), b.public_key_der());
    }

    #[test]
    fn debug_never_shows_key_material() {
        let key = SigningKey::generate().unwrap();
        let debug = format!("{key:?}");
        assert!(debug.contains("<redacted>"));
        assert!(!debug.contains(&key.public_pem[30..60]));
    }

    #[test]
    fn pem_is_wrapped_at_64() {
        let key = SigningKey::generate().unwrap();
        let pem = key.public_key_pem();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(pem.ends_with("-----END PUBLIC KEY-----\n"));
        assert!(pem.lines().all(|line| line.len() <= 64));
    }

    #[test]
    fn der_reader_rejects_truncated_input() {
        assert!(pkcs1_from_pkcs8(&[0x30, 0x05, 0x02]).is_err());
        assert!(pkcs1_from_pkcs8(&[0x04, 0x00]).is_err());
        assert!(pkcs1_from_pkcs8(&[]).is_err());
    }
}
