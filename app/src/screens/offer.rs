//! STUB: the Offer screen (being ported).

use super::{Command, Ctx, Screen};

/// What the user does on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum OfferEvent {
    /// Placeholder.
    Refresh,
}

/// What this screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OfferView {
    /// Placeholder.
    pub title: String,
}

/// A task's result.
pub enum Done {}

/// The screen.
pub struct State {
    link: Option<String>,
}

impl State {
    /// Enters the screen.
    pub fn enter(link: Option<String>, ctx: &Ctx) -> (Self, Vec<Command>) {
        let _ = ctx;
        (Self { link }, Vec::new())
    }

    /// The offer link it was opened with.
    pub fn link(&self) -> Option<String> {
        self.link.clone()
    }
}

impl Screen for State {
    type Event = OfferEvent;
    type View = OfferView;
    type Done = Done;

    fn title(&self, _ctx: &Ctx) -> String {
        String::from("Offer")
    }

    fn update(&mut self, _event: OfferEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> OfferView {
        OfferView {
            title: self.title(ctx),
        }
    }
}
