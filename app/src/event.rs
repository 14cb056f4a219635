//! What happened: the user's actions and the platform's reports.

use crate::nav::Route;
use crate::screens::{
    backup::BackupEvent, detail::DetailEvent, documents::DocumentsEvent, log::LogEvent,
    offer::OfferEvent, present::PresentEvent, setup::SetupEvent, show_qr::ShowQrEvent,
    unlock::UnlockEvent, verifier::VerifierEvent,
};
use crate::view::MenuAction;
use crate::words::Language;

/// The app going to the background and coming back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Lifecycle {
    /// Not visible any more (home button, another app, screen off).
    Background,
    /// Visible again.
    Foreground,
}

/// An event for [`crate::App::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Event {
    /// The app starts: first run, or the unlock screen.
    Start,
    /// The system back button or the header's back arrow.
    Back,
    /// Go to `route` (menus, buttons that lead to another screen).
    Open {
        /// Where.
        route: Route,
    },
    /// The app was opened with a link (an `openid-credential-offer://`
    /// offer, or an `openid4vp://` sign-in request of an online service):
    /// shown now if unlocked, else after unlocking.
    OpenLink {
        /// The link.
        uri: String,
    },
    /// A menu entry was chosen (the header's `menu`).
    Menu {
        /// Which.
        action: MenuAction,
    },
    /// Citizen to verifier mode and back.
    SwitchMode,
    /// Lock the wallet now.
    Lock,
    /// The phone's language changed.
    SetLanguage {
        /// The new language.
        language: Language,
    },
    /// The app went to the background or came back.
    Lifecycle {
        /// Which.
        state: Lifecycle,
    },
    /// The timer the view model asks for (`PlatformView::tick_ms`) fired.
    Tick,
    /// The camera read a QR code (the offer and verifier screens use it).
    Scanned {
        /// The code's text.
        text: String,
    },
    /// First run.
    Setup {
        /// What happened there.
        event: SetupEvent,
    },
    /// The unlock screen.
    Unlock {
        /// What happened there.
        event: UnlockEvent,
    },
    /// The documents list.
    Documents {
        /// What happened there.
        event: DocumentsEvent,
    },
    /// A document's card.
    Detail {
        /// What happened there.
        event: DetailEvent,
    },
    /// The QR screen.
    ShowQr {
        /// What happened there.
        event: ShowQrEvent,
    },
    /// Accepting an offer.
    Offer {
        /// What happened there.
        event: OfferEvent,
    },
    /// Signing in to an online service.
    Present {
        /// What happened there.
        event: PresentEvent,
    },
    /// The activity log.
    Log {
        /// What happened there.
        event: LogEvent,
    },
    /// Backup and restore.
    Backup {
        /// What happened there.
        event: BackupEvent,
    },
    /// The verifier.
    Verifier {
        /// What happened there.
        event: VerifierEvent,
    },
}
