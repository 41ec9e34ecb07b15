//! Seconds since the Unix epoch: the one conversion between
//! [`SystemTime`] and whole seconds that the crate uses, wherever a time
//! meets a wire format counted in seconds (a JWT's NumericDate, RFC 7519
//! §2; SigV4's `X-Amz-Date`, whose resolution is the second).
//!
//! Shared vocabulary at the lowest layer: it uses nothing else in the
//! crate, so any module may use it. Built on [`jiff::Timestamp`], with one
//! rounding rule: down (floor), so a time before the epoch is in the second
//! that starts before it (-0.5 s is in second -1), as it is after it (1.5 s
//! is in second 1). Times outside jiff's range (years -9999 to 9999)
//! saturate to its ends.

use std::time::SystemTime;

use jiff::Timestamp;

/// The whole seconds from the Unix epoch to `time`, rounded down; negative
/// before the epoch.
pub fn unix_seconds(time: SystemTime) -> i64 {
    let timestamp = Timestamp::try_from(time).unwrap_or(if time < SystemTime::UNIX_EPOCH {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    });
    // jiff truncates toward zero: a fraction of a second before the epoch
    // (a negative one) still belongs to the second before.
    let whole = timestamp.as_second();
    if timestamp.subsec_nanosecond() < 0 {
        whole - 1
    } else {
        whole
    }
}

/// The time `seconds` after the Unix epoch (before it when negative): the
/// inverse of [`unix_seconds`] on whole seconds. `None` outside jiff's range
/// or the platform's [`SystemTime`].
pub fn system_time(seconds: i64) -> Option<SystemTime> {
    let timestamp = Timestamp::from_second(seconds).ok()?;
    SystemTime::try_from(timestamp).ok()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn times_before_the_epoch_round_down() {
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_millis(500)), -1);
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_secs(2)), -2);
        assert_eq!(unix_seconds(UNIX_EPOCH + Duration::from_millis(1_500)), 1);
        assert_eq!(system_time(-2), Some(UNIX_EPOCH - Duration::from_secs(2)));
    }

    #[test]
    fn whole_seconds_round_trip_and_the_range_saturates() {
        for seconds in [0, 1, -1, 1_768_469_400, -62_167_219_200, 253_402_207_200] {
            let time = system_time(seconds).expect("within jiff's range");
            assert_eq!(unix_seconds(time), seconds);
        }
        assert_eq!(system_time(i64::MAX), None);
        assert_eq!(system_time(i64::MIN), None);
        let far = UNIX_EPOCH + Duration::from_secs(1 << 40);
        assert_eq!(unix_seconds(far), Timestamp::MAX.as_second());
        let ancient = UNIX_EPOCH - Duration::from_secs(1 << 40);
        assert_eq!(unix_seconds(ancient), Timestamp::MIN.as_second());
    }
}
