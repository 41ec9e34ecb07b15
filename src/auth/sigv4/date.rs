//! `X-Amz-Date`: the time a SigV4 request was signed, read and written as
//! AWS requires, "in UTC and in the following ISO 8601 format:
//! YYYYMMDD'T'HHMMSS'Z'. ... Do not include milliseconds" (AWS General
//! Reference, *Handling dates in Signature Version 4*); the credential
//! scope's date is its first eight characters, `YYYYMMDD`.
//!
//! The calendar is jiff's ([`jiff::civil::DateTime`], UTC civil time, years
//! 0000 to 9999 as the format allows); times are whole seconds since the
//! Unix epoch, as [`crate::time`] counts them.

use jiff::{SignedDuration, civil::DateTime};

/// The `X-Amz-Date` format, as strftime/strptime conversion specifiers.
const AMZ_DATE: &str = "%Y%m%dT%H%M%SZ";

/// 1970-01-01T00:00:00 UTC, from which seconds are counted.
const UNIX_EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

/// Seconds since the Unix epoch of a strict `YYYYMMDD'T'HHMMSS'Z'`; `None`
/// for anything else, including dates that do not exist (31 April) and
/// times that do not (24:00, a leap second).
pub(super) fn parse_amz_date(text: &str) -> Option<i64> {
    let datetime = DateTime::strptime(AMZ_DATE, text).ok()?;
    // jiff's strptime is lenient where the format is not: it skips leading
    // whitespace, takes leading zeros as optional, a sign before the year,
    // and reads second 60 as 59. The text must be exactly how the time it
    // denotes is written, with an unsigned four-digit year.
    if datetime.year() < 0 {
        return None;
    }
    let seconds = datetime.duration_since(UNIX_EPOCH).as_secs();
    (format_amz_date(seconds) == text).then_some(seconds)
}

/// `seconds` since the Unix epoch as `YYYYMMDD'T'HHMMSS'Z'`. Beyond jiff's
/// calendar (years -9999 to 9999) the date saturates to its ends; only a
/// clock skew of millennia can reach them.
pub(super) fn format_amz_date(seconds: i64) -> String {
    UNIX_EPOCH
        .saturating_add(SignedDuration::from_secs(seconds))
        .strftime(AMZ_DATE)
        .to_string()
}

#[cfg(test)]
mod tests {
    use aws_credential_types::Credentials;
    use http::{HeaderName, Method, Uri};

    use super::*;
    use crate::auth::sigv4::{SigningScope, X_AMZ_DATE, sign};
    use crate::client::HttpRequest;
    use crate::time::system_time;

    #[test]
    fn amz_dates_round_trip_through_the_calendar() {
        for (text, seconds) in [
            ("19700101T000000Z", 0),
            ("19691231T235959Z", -1),
            ("20000229T120000Z", 951_825_600),
            ("20240229T235959Z", 1_709_251_199),
            ("20260115T093000Z", 1_768_469_400),
            ("99991231T235959Z", 253_402_300_799),
        ] {
            assert_eq!(parse_amz_date(text), Some(seconds), "{text}");
            assert_eq!(format_amz_date(seconds), text);
        }
    }

    #[test]
    fn malformed_amz_dates_are_refused() {
        for text in [
            "",
            "20260115",
            "20260115T093000",
            "20260115t093000Z",
            "20260115T093000z",
            "2026-01-15T09:30:00Z",
            "20230229T000000Z",
            "20260431T000000Z",
            "20261301T000000Z",
            "20260100T000000Z",
            "20260115T240000Z",
            "20260115T096000Z",
            "20260115T093060Z",
            "+0260115T093000Z",
            "2026011 T093000Z",
        ] {
            assert_eq!(parse_amz_date(text), None, "{text:?}");
        }
    }

    /// What jiff's strptime would let through and the format does not.
    #[test]
    fn lenient_readings_are_refused() {
        for text in [
            " 20260115T093000Z",
            "2026115T093000Z",
            "2026 115T093000Z",
            "-00010101T000000Z",
            "+20260115T093000Z",
            "20260115T093000Zx",
        ] {
            assert_eq!(parse_amz_date(text), None, "{text:?}");
        }
        assert_eq!(format_amz_date(i64::MAX), "99991231T235959Z");
    }

    /// Our calendar and aws-sigv4's (the `time` crate) agree on every date
    /// the signer writes.
    #[test]
    fn amz_date_formatting_agrees_with_aws_sigv4() {
        let uri: Uri = "https://example.amazonaws.com/".parse().unwrap();
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let scope = SigningScope::agentcore("us-east-1");
        // Every 37 days and 7 hours or so from 1970 to 2100.
        let mut seconds = 0_i64;
        while seconds < 4_102_444_800 {
            let mut request = HttpRequest::new(Method::GET);
            sign(
                &mut request,
                &uri,
                &credentials,
                &scope,
                system_time(seconds).expect("1970 to 2100 is within range"),
            )
            .unwrap();
            let written = request
                .header(&HeaderName::from_static(X_AMZ_DATE))
                .unwrap()
                .to_str()
                .unwrap();
            assert_eq!(written, format_amz_date(seconds));
            assert_eq!(parse_amz_date(written), Some(seconds));
            seconds += 3_222_007;
        }
    }
}
