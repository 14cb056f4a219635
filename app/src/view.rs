//! What the shell draws: one value, every word in the user's language.

use crate::nav::Mode;
use crate::screens::{
    backup::BackupView, detail::DetailView, documents::DocumentsView, log::LogView,
    offer::OfferView, present::PresentView, setup::SetupView, show_qr::ShowQrView,
    unlock::UnlockView, verifier::VerifierView,
};
use crate::words::Language;

/// The whole app as the shell draws it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ViewModel {
    /// The language every text below is in.
    pub language: Language,
    /// Citizen or verifier.
    pub mode: Mode,
    /// The top bar.
    pub header: Header,
    /// The screen shown.
    pub screen: ScreenView,
    /// What the platform should be doing while this is shown.
    pub platform: PlatformView,
    /// When the wallet locks by itself; none while it is locked.
    pub auto_lock: Option<AutoLockView>,
    /// The words the shell shows around what only it does (the camera, file
    /// pickers, dialogs), in the same language.
    pub shell: ShellWords,
}

/// Words for what only the shell draws: permission and picker failures,
/// dialog buttons, the menu button.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ShellWords {
    /// The menu button's label ("More options").
    pub menu: String,
    /// The camera may not be used: turn it on in Settings.
    pub camera_denied: String,
    /// The button asking for the camera.
    pub allow_camera: String,
    /// After a screenshot of a QR code (iOS tells the app).
    pub screenshot_notice: String,
    /// The phone has no app to pick files with.
    pub no_file_picker: String,
    /// The share sheet's title for a file (a backup).
    pub share_file: String,
    /// A dialog's OK.
    pub ok: String,
    /// Try again.
    pub retry: String,
    /// Cancel.
    pub cancel: String,
    /// The button that opens the system's settings for the app (a camera
    /// permission denied for good).
    pub open_settings: String,
    /// What the app-switcher snapshot shows instead of the wallet (iOS).
    pub privacy_cover: String,
    /// The desktop build's stand-in for the camera: the field to paste a
    /// code's text in.
    pub paste_code: String,
    /// Under that field: what to paste.
    pub paste_code_hint: String,
    /// The button that reads the pasted code.
    pub read_code: String,
    /// The button that opens a QR code image file (read by the core).
    pub open_image: String,
    /// The image holds no QR code.
    pub no_code_in_image: String,
    /// The file is not an image the core reads (PNG, JPEG).
    pub unreadable_image: String,
    /// A text put on the clipboard (the desktop's share).
    pub copied: String,
}

/// The top bar: the title, back, and the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Header {
    /// The screen's title.
    pub title: String,
    /// Whether there is a screen to go back to (else back closes the app).
    pub can_go_back: bool,
    /// The back arrow's spoken label.
    pub back_label: String,
    /// The menu's entries, in order; empty for none.
    pub menu: Vec<MenuItem>,
    /// The mode's name ("My documents", "Check documents").
    pub mode_label: String,
}

/// One entry of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MenuItem {
    /// Its words.
    pub label: String,
    /// What choosing it sends.
    pub action: MenuAction,
}

/// What a menu entry does; the shell sends it back as `Event::Menu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MenuAction {
    /// Open the offer screen.
    AddDocument,
    /// Open the activity log.
    ActivityLog,
    /// Open backup and restore.
    Backup,
    /// Switch between citizen and verifier.
    SwitchMode,
    /// Lock the wallet.
    Lock,
}

/// The platform's state while the view is shown: the shell keeps the
/// device in step with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PlatformView {
    /// Keep the screen out of screenshots, screen recordings and the app
    /// switcher (Android `FLAG_SECURE`, an iOS privacy cover): every
    /// screen that shows wallet data.
    pub secure_display: bool,
    /// Full brightness (a QR being shown).
    pub full_brightness: bool,
    /// Keep the camera running and send each code it reads as `Event::Scanned`.
    pub camera: bool,
    /// Send `Event::Tick` every this many milliseconds; none: no timer.
    pub tick_ms: Option<u32>,
}

/// The automatic lock, as the view states it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AutoLockView {
    /// Seconds in the background before the wallet locks.
    pub background_grace_seconds: u32,
    /// Seconds without a touch before the wallet locks.
    pub idle_seconds: u32,
    /// Both in words.
    pub text: String,
}

/// The screen shown, with what it draws.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ScreenView {
    /// First run.
    Setup {
        /// Its view.
        view: SetupView,
    },
    /// The unlock screen.
    Unlock {
        /// Its view.
        view: UnlockView,
    },
    /// The documents list.
    Documents {
        /// Its view.
        view: DocumentsView,
    },
    /// A document's card.
    Detail {
        /// Its view.
        view: DetailView,
    },
    /// The QR screen.
    ShowQr {
        /// Its view.
        view: ShowQrView,
    },
    /// Accepting an offer.
    Offer {
        /// Its view.
        view: OfferView,
    },
    /// Signing in to an online service.
    Present {
        /// Its view.
        view: PresentView,
    },
    /// The activity log.
    Log {
        /// Its view.
        view: LogView,
    },
    /// Backup and restore.
    Backup {
        /// Its view.
        view: BackupView,
    },
    /// The verifier.
    Verifier {
        /// Its view.
        view: VerifierView,
    },
}
