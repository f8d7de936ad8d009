//! Dates for fixtures (`recorded_at`) and baselines (first and last seen,
//! expiry): UTC, RFC 3339, from the system clock, without a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar day (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// Today, by the system clock.
    pub fn today() -> Self {
        let (day, _) = split(SystemTime::now());
        civil(day)
    }

    /// `2026-11-28`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let parsed = Self { year, month, day };
        // Round-trips only when it names a real day (no 2026-02-30).
        (text.trim().len() == 10 && (1..=12).contains(&month) && civil(days(parsed)) == parsed)
            .then_some(parsed)
    }

    /// This day `n` days later.
    pub fn plus(self, n: i64) -> Self {
        civil(days(self) + n)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `2026-11-28T16:04:06Z`.
pub fn rfc3339(at: SystemTime) -> String {
    let (day, seconds) = split(at);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        civil(day),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 and seconds into the day.
fn split(at: SystemTime) -> (i64, u64) {
    let seconds = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    ((seconds / 86_400) as i64, seconds % 86_400)
}

/// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Day { year, month, day }
}

/// Days since 1970-01-01 of a day (`days_from_civil`).
fn days(d: Day) -> i64 {
    let year = d.year - i64::from(d.month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(d.month);
    let doy =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn days_round_trip_through_the_calendar() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let at = UNIX_EPOCH + Duration::from_secs(1_795_881_846);
        assert_eq!(rfc3339(at), "2026-11-28T16:04:06Z");
        for n in [-1000, 0, 59, 60, 365, 11_016, 20_000, 30_000] {
            assert_eq!(days(civil(n)), n);
        }
        assert_eq!(
            Day::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".to_owned())
        );
        assert_eq!(Day::parse("2026-02-29"), None);
        assert_eq!(Day::parse("2026-13-01"), None);
        assert_eq!(Day::parse("tomorrow"), None);
        assert_eq!(
            Day::parse("2026-12-31").map(|d| d.plus(1).to_string()),
            Some("2027-01-01".to_owned())
        );
    }
}
