//! How far each adoption in progress has gone, kept in memory while `applyAllocation` runs, so
//! that the director's screen shows a true progress bar: the actions decided out of all of them.

use std::collections::HashMap;
use std::sync::Mutex;

/// The actions decided so far out of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

/// The adoptions in progress, by run.
#[derive(Debug, Default)]
pub struct Adoptions(Mutex<HashMap<i64, Progress>>);

impl Adoptions {
    /// Where the adoption of `run_id` stands, if one is in progress.
    pub fn of(&self, run_id: i64) -> Option<Progress> {
        self.0.lock().ok()?.get(&run_id).copied()
    }

    /// Follows the adoption of `run_id` until the tracker is dropped (done or failed).
    pub fn track(&self, run_id: i64, total: u32) -> Tracker<'_> {
        self.set(run_id, Progress { done: 0, total });
        Tracker { adoptions: self, run_id, total }
    }

    fn set(&self, run_id: i64, progress: Progress) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(run_id, progress);
        }
    }
}

/// One adoption's progress, forgotten when dropped.
pub struct Tracker<'a> {
    adoptions: &'a Adoptions,
    run_id: i64,
    total: u32,
}

impl Tracker<'_> {
    pub fn done(&self, done: u32) {
        self.adoptions.set(self.run_id, Progress { done: done.min(self.total), total: self.total });
    }
}

impl Drop for Tracker<'_> {
    fn drop(&mut self) {
        if let Ok(mut map) = self.adoptions.0.lock() {
            map.remove(&self.run_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adoption_is_followed_while_its_tracker_lives() {
        let adoptions = Adoptions::default();
        assert_eq!(adoptions.of(7), None);
        {
            let tracker = adoptions.track(7, 600);
            assert_eq!(adoptions.of(7), Some(Progress { done: 0, total: 600 }));
            tracker.done(250);
            assert_eq!(adoptions.of(7), Some(Progress { done: 250, total: 600 }));
            tracker.done(900);
            assert_eq!(adoptions.of(7), Some(Progress { done: 600, total: 600 }), "never past the total");
        }
        assert_eq!(adoptions.of(7), None, "forgotten once done or failed");
    }
}
