//! Timestamps for fixtures (`recorded_at`): UTC, RFC 3339, from the system
//! clock; the calendar is [`Date`]'s.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::date::Date;

/// `2026-11-28T16:04:06Z`.
pub fn rfc3339(at: SystemTime) -> String {
    let seconds = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, of_day) = ((seconds / 86_400) as i64, seconds % 86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_days(days),
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let at = UNIX_EPOCH + Duration::from_secs(1_795_881_846);
        assert_eq!(rfc3339(at), "2026-11-28T16:04:06Z");
    }
}
