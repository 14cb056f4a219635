//! STUB: the Backup screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BackupEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BackupView {
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
    type Event = BackupEvent;
    type View = BackupView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("Backup")
    }

    fn update(&mut self, _event: BackupEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> BackupView {
        BackupView {
            title: self.title(ctx),
        }
    }
}
