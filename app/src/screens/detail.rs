//! STUB: the Detail screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DetailEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DetailView {
    /// Placeholder.
    pub title: String,
}

/// A task's result.
pub enum Done {}

/// The screen.
pub struct State {
    id: String,
}

impl State {
    /// Enters the screen.
    pub fn enter(id: String, ctx: &Ctx) -> (Self, Vec<Command>) {
        let _ = ctx;
        (Self { id }, Vec::new())
    }

    /// The document shown.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Screen for State {
    type Event = DetailEvent;
    type View = DetailView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("Detail")
    }

    fn update(&mut self, _event: DetailEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> DetailView {
        DetailView {
            title: self.title(ctx),
        }
    }
}
