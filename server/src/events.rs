//! In-process events that live views subscribe to: a court's budget changed.

use tokio::sync::broadcast;

/// A court's budget figures for a year changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetChanged {
    pub court_id: i64,
    pub year: i32,
}

/// The server's event bus.
#[derive(Clone)]
pub struct Events {
    budget: broadcast::Sender<BudgetChanged>,
}

impl Default for Events {
    fn default() -> Self {
        Self { budget: broadcast::channel(1_024).0 }
    }
}

impl Events {
    /// Announces a change; nobody listening is fine.
    pub fn budget_changed(&self, event: BudgetChanged) {
        let _ = self.budget.send(event);
    }

    pub fn subscribe_budget(&self) -> broadcast::Receiver<BudgetChanged> {
        self.budget.subscribe()
    }
}
