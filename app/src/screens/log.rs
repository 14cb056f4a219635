//! STUB: the Log screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LogEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogView {
    /// Placeholder.
    pub title: String,
}

/// A task's result.
pub enum Done {}

/// The screen.
pub struct State {}

impl State {
    /// Enters the screen.
    pub fn enter(ctx: &Ctx) -> (Self, Vec<Command>) {
        let _ = ctx;
        (Self {}, Vec::new())
    }
}

impl Screen for State {
    type Event = LogEvent;
    type View = LogView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("Log")
    }

    fn update(&mut self, _event: LogEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> LogView {
        LogView {
            title: self.title(ctx),
        }
    }
}
