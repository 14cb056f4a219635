//! STUB: the Verifier screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum VerifierEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifierView {
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
    type Event = VerifierEvent;
    type View = VerifierView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("Verifier")
    }

    fn update(&mut self, _event: VerifierEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> VerifierView {
        VerifierView {
            title: self.title(ctx),
        }
    }
}
