//! STUB: the ShowQr screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ShowQrEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ShowQrView {
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
    type Event = ShowQrEvent;
    type View = ShowQrView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("ShowQr")
    }

    fn update(&mut self, _event: ShowQrEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> ShowQrView {
        ShowQrView {
            title: self.title(ctx),
        }
    }
}
