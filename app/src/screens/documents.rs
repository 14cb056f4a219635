//! STUB: the Documents screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DocumentsEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DocumentsView {
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
    type Event = DocumentsEvent;
    type View = DocumentsView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("Documents")
    }

    fn update(&mut self, _event: DocumentsEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> DocumentsView {
        DocumentsView {
            title: self.title(ctx),
        }
    }
}
